using System.Runtime.CompilerServices;
using LowLatencyCascade.Engine.Latency;
using Xunit;

namespace LowLatencyCascade.Tests.Latency;

/// <summary>
/// This project's histogram log as an independent reader (hdr-histogram-js) sees it. To rewrite the log after a
/// deliberate format change: <c>HDR_WRITE_PROJECT_LOG=1 dotnet test --filter ProjectLogCrossCheckTests</c>, then
/// <c>node crosscheck.mjs --generate</c> in tools/hdr-crosscheck.
/// </summary>
public class ProjectLogCrossCheckTests
{
    private const string LogFile = "project-written.hlog";

    [Fact]
    public void Committed_log_holds_what_the_writer_produces_now()
    {
        IReadOnlyList<ProjectLogIntervals.Interval> recorded = ProjectLogIntervals.Build();
        string now = ProjectLogIntervals.WriteLog(recorded);
        if (Environment.GetEnvironmentVariable("HDR_WRITE_PROJECT_LOG") == "1")
            File.WriteAllText(SourceDataPath(LogFile), now);

        string committed = File.ReadAllText(ReferenceVectors.DataPath(LogFile));
        string[] committedLines = committed.Split('\n'), nowLines = now.Split('\n');
        Assert.Equal(nowLines.Length, committedLines.Length);
        for (int i = 0; i < nowLines.Length; i++)
        {
            // Interval lines are compared up to the compressed histogram, whose deflated bytes may change with
            // the runtime's zlib; what the histogram decodes to is compared below.
            int cut = nowLines[i].IndexOf("HISTF", StringComparison.Ordinal);
            Assert.Equal(cut < 0 ? nowLines[i] : nowLines[i][..cut], cut < 0 ? committedLines[i] : committedLines[i][..Math.Min(cut, committedLines[i].Length)]);
        }
        IReadOnlyList<LoggedInterval> read = new HistogramLogReader(new StringReader(committed)).ReadAllIntervals();
        Assert.Equal(recorded.Count, read.Count);
        for (int i = 0; i < recorded.Count; i++) HistogramAssert.SameCounts(recorded[i].Histogram, read[i].Histogram);
    }

    [Fact]
    public void Hdr_histogram_js_decoded_our_log_to_what_we_recorded()
    {
        IReadOnlyList<ProjectLogIntervals.Interval> recorded = ProjectLogIntervals.Build();
        DecodedByJs decoded = ReferenceVectors.LoadJson<DecodedByJs>("decoded-by-js.json");
        Assert.Equal(recorded.Count, decoded.Intervals.Count);
        double startTimeSec = ProjectLogIntervals.StartTime.ToUnixTimeSeconds();
        for (int i = 0; i < recorded.Count; i++)
        {
            ProjectLogIntervals.Interval ours = recorded[i];
            JsDecodedInterval js = decoded.Intervals[i];
            HdrHistogram h = ours.Histogram;
            Assert.Equal(ours.Tag, js.Tag);
            Assert.Equal(startTimeSec + ours.StartSec, js.StartTimestampSec, 6);
            Assert.Equal(ours.LengthSec, js.LengthSec, 6);
            Assert.Equal((h.LowestDiscernibleValue, h.HighestTrackableValue, h.NumberOfSignificantValueDigits), (js.Lowest, js.Highest, js.Digits));
            Assert.Equal(h.TotalCount, js.TotalCount);
            Assert.Equal(h.GetMinValue(), js.Min);
            Assert.Equal(h.GetMaxValue(), js.Max);
            Assert.True(Math.Abs(h.GetMean() - js.Mean) <= Math.Max(1, Math.Abs(js.Mean)) * 1e-9, $"interval {i} mean {h.GetMean()} vs {js.Mean}");
            foreach (ReferencePercentile p in js.Percentiles) Assert.Equal(p.Value, h.GetValueAtPercentile(p.Percentile));
        }
        Assert.Contains(recorded, r => r.Histogram.TotalCount == 0);
        Assert.Contains(recorded, r => r.Histogram.UnitMagnitude > 0);
    }

    [Fact]
    public void Our_reader_reads_the_log_fields_and_absolute_times()
    {
        IReadOnlyList<ProjectLogIntervals.Interval> recorded = ProjectLogIntervals.Build();
        var reader = new HistogramLogReader(new StringReader(File.ReadAllText(ReferenceVectors.DataPath(LogFile))));
        IReadOnlyList<LoggedInterval> read = reader.ReadAllIntervals();
        Assert.Equal(ProjectLogIntervals.StartTime.ToUnixTimeSeconds(), reader.StartTimeSec);
        for (int i = 0; i < recorded.Count; i++)
        {
            Assert.Equal(recorded[i].Tag, read[i].Tag);
            Assert.Equal(recorded[i].StartSec, read[i].StartTimestampSec);
            Assert.Equal(recorded[i].LengthSec, read[i].IntervalLengthSec);
            Assert.Equal(recorded[i].Histogram.GetMaxValue(), read[i].IntervalMax);
            long expectedStartMs = ProjectLogIntervals.StartTime.ToUnixTimeMilliseconds() + (long)(recorded[i].StartSec * 1000);
            Assert.Equal(expectedStartMs, read[i].Histogram.StartTimeStampMsec);
            Assert.Equal(expectedStartMs + (long)(recorded[i].LengthSec * 1000), read[i].Histogram.EndTimeStampMsec);
        }
    }

    private static string SourceDataPath(string fileName, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "TestData", "hdr", fileName);
}
