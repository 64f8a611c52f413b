using System.Globalization;

namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// Reads HdrHistogram histogram logs (as <see cref="HistogramLogWriter"/> and the reference writers produce):
/// skips comments and the legend, picks up <c>#[StartTime: ...]</c> and <c>#[BaseTime: ...]</c>, and decodes
/// each interval line.
/// </summary>
public sealed class HistogramLogReader
{
    private const double OneYearSec = 365 * 24 * 3600.0;
    private readonly TextReader _log;
    private int _lineNumber;
    private double? _baseTimeSec;

    public HistogramLogReader(TextReader log)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
    }

    /// <summary>The <c>#[StartTime: ...]</c> seen so far, in seconds since the epoch (null when none).</summary>
    public double? StartTimeSec { get; private set; }

    /// <summary>Reads the next interval, or returns null at the end of the log.</summary>
    /// <exception cref="FormatException">A line is neither a comment, the legend nor a valid interval; the message gives its number.</exception>
    public LoggedInterval? ReadNextInterval()
    {
        while (_log.ReadLine() is { } line)
        {
            _lineNumber++;
            if (line.StartsWith("#[StartTime: ", StringComparison.Ordinal))
            {
                StartTimeSec = ParseLeadingSeconds(line, "#[StartTime: ".Length);
                continue;
            }
            if (line.StartsWith("#[BaseTime: ", StringComparison.Ordinal))
            {
                _baseTimeSec = ParseLeadingSeconds(line, "#[BaseTime: ".Length);
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("\"StartTimestamp\"", StringComparison.Ordinal))
                continue;
            return ParseInterval(line);
        }
        return null;
    }

    /// <summary>Reads every remaining interval.</summary>
    public IReadOnlyList<LoggedInterval> ReadAllIntervals()
    {
        var intervals = new List<LoggedInterval>();
        while (ReadNextInterval() is { } interval) intervals.Add(interval);
        return intervals;
    }

    private LoggedInterval ParseInterval(string line)
    {
        string[] fields = line.Split(',');
        string? tag = null;
        int first = 0;
        if (fields[0].StartsWith("Tag=", StringComparison.Ordinal))
        {
            tag = fields[0]["Tag=".Length..];
            first = 1;
        }
        if (fields.Length - first != 4)
            throw new FormatException($"Histogram log line {_lineNumber}: expected [Tag=x,]start,length,max,histogram but found {fields.Length} fields.");
        double start = ParseDouble(fields[first], "start");
        double length = ParseDouble(fields[first + 1], "length");
        double max = ParseDouble(fields[first + 2], "max");
        HdrHistogram histogram;
        try { histogram = HistogramEncoding.DecodeCompressedBase64(fields[first + 3]); }
        catch (FormatException e) { throw new FormatException($"Histogram log line {_lineNumber}: {e.Message}", e); }

        // As the reference: with no base time, timestamps more than a year before the start time are taken
        // as relative to it, otherwise as absolute.
        _baseTimeSec ??= StartTimeSec is { } startTime && start < startTime - OneYearSec ? startTime : 0.0;
        double absoluteStartSec = _baseTimeSec.Value + start;
        histogram.StartTimeStampMsec = (long)Math.Round(absoluteStartSec * 1000.0);
        histogram.EndTimeStampMsec = (long)Math.Round((absoluteStartSec + length) * 1000.0);
        histogram.Tag = tag;
        return new LoggedInterval(tag, start, length, max, histogram);
    }

    private double ParseDouble(string field, string name) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"Histogram log line {_lineNumber}: {name} field '{field}' is not a number.");

    private double ParseLeadingSeconds(string line, int offset)
    {
        int end = line.IndexOf(' ', offset);
        string number = end < 0 ? line[offset..].TrimEnd(']') : line[offset..end];
        return ParseDouble(number, "time");
    }
}
