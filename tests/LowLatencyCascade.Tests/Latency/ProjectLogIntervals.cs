using LowLatencyCascade.Engine.Latency;

namespace LowLatencyCascade.Tests.Latency;

/// <summary>
/// The intervals this project writes to TestData/hdr/project-written.hlog for hdr-histogram-js to decode:
/// three from a <see cref="Recorder"/> (one with coordinated-omission correction), one with a coarse unit and
/// two significant digits, and an empty one. Deterministic, so tests can rebuild exactly what was recorded.
/// </summary>
internal static class ProjectLogIntervals
{
    public static readonly DateTimeOffset StartTime = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);

    public sealed record Interval(string? Tag, double StartSec, double LengthSec, HdrHistogram Histogram);

    public static IReadOnlyList<Interval> Build()
    {
        var intervals = new List<Interval>();
        var recorder = new Recorder(1, 3_600_000_000_000, 3);
        foreach ((long value, _) in new InputGenerator("logspread", 31, 3000, MaxShift: 24).Generate()) recorder.RecordValue(value);
        intervals.Add(new Interval(null, 0.0, 1.0, recorder.GetIntervalHistogram()));
        foreach ((long value, _) in new InputGenerator("uniform", 32, 5000, 0, 1_000_000).Generate()) recorder.RecordValue(value);
        intervals.Add(new Interval("velocity", 1.0, 1.0, recorder.GetIntervalHistogram()));
        foreach ((long value, _) in new InputGenerator("stalls", 33, 2000).Generate()) recorder.RecordValueWithExpectedInterval(value, 1000);
        intervals.Add(new Interval("scoring", 2.0, 1.0, recorder.GetIntervalHistogram()));

        var coarse = new HdrHistogram(1000, 3_600_000_000_000, 2);
        foreach ((long value, _) in new InputGenerator("logspread", 34, 4000, MaxShift: 30).Generate()) coarse.RecordValue(value);
        intervals.Add(new Interval("publish", 3.0, 1.5, coarse));
        intervals.Add(new Interval(null, 4.5, 0.25, new HdrHistogram(1, 3_600_000_000_000, 3)));
        return intervals;
    }

    public static string WriteLog(IReadOnlyList<Interval> intervals)
    {
        var text = new StringWriter();
        var log = new HistogramLogWriter(text);
        log.WriteLogFormatVersion();
        log.WriteComment("Written by LowLatencyCascade's HistogramLogWriter for tools/hdr-crosscheck");
        log.WriteStartTime(StartTime);
        log.WriteLegend();
        foreach (Interval interval in intervals) log.WriteInterval(interval.Histogram, interval.StartSec, interval.LengthSec, interval.Tag);
        return text.ToString();
    }
}
