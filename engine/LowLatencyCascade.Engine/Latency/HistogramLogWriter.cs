using System.Globalization;

namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// Writes HdrHistogram's histogram log format (version 1.3): a header of comment lines and a legend, then one
/// line per interval, <c>[Tag=x,]start,length,max,HISTF...</c>, with the interval's histogram compressed and
/// base64-encoded. HdrHistogram's log readers, plotters and log processors read these files.
/// </summary>
public sealed class HistogramLogWriter
{
    public const string LogFormatVersion = "1.3";
    private readonly TextWriter _log;

    public HistogramLogWriter(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
    }

    /// <summary>Writes <c>#[Histogram log format version 1.3]</c>.</summary>
    public void WriteLogFormatVersion() => WriteComment($"[Histogram log format version {LogFormatVersion}]");

    /// <summary>Writes <c>#[StartTime: seconds.millis (seconds since epoch), date]</c>; readers add interval starts to it.</summary>
    public void WriteStartTime(DateTimeOffset startTime)
    {
        DateTimeOffset utc = startTime.ToUniversalTime();
        string seconds = FixedPointText.Format(utc.ToUnixTimeMilliseconds() / 1000.0, 3);
        // The date is informational; written like Java's Date.toString, in UTC.
        string date = utc.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
        WriteComment($"[StartTime: {seconds} (seconds since epoch), {date}]");
    }

    /// <summary>Writes <c>#[BaseTime: seconds.millis (seconds since epoch)]</c>: interval starts are relative to it.</summary>
    public void WriteBaseTime(DateTimeOffset baseTime)
    {
        string seconds = FixedPointText.Format(baseTime.ToUnixTimeMilliseconds() / 1000.0, 3);
        WriteComment($"[BaseTime: {seconds} (seconds since epoch)]");
    }

    /// <summary>Writes a comment line, <c>#</c> followed by <paramref name="comment"/>.</summary>
    /// <exception cref="ArgumentException">The comment contains a line break.</exception>
    public void WriteComment(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        if (comment.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("A log comment cannot contain line breaks.", nameof(comment));
        _log.Write('#');
        _log.Write(comment);
        _log.Write('\n');
    }

    /// <summary>Writes the legend line naming the interval fields.</summary>
    public void WriteLegend() =>
        _log.Write("\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n");

    /// <summary>Writes one interval line.</summary>
    /// <param name="histogram">The interval's histogram; its own time stamps and tag are not used.</param>
    /// <param name="startSec">Interval start in seconds (relative to the base or start time, or absolute).</param>
    /// <param name="lengthSec">Interval length in seconds.</param>
    /// <param name="tag">Optional tag (no commas, spaces or line breaks); null for none.</param>
    /// <param name="maxValueUnitRatio">The printed max is the histogram's max divided by this.</param>
    /// <exception cref="ArgumentException">The tag contains a delimiter.</exception>
    public void WriteInterval(HdrHistogram histogram, double startSec, double lengthSec, string? tag, double maxValueUnitRatio = 1.0)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        if (tag is not null && tag.AsSpan().IndexOfAny(",\r\n ") >= 0)
            throw new ArgumentException($"Tag '{tag}' cannot contain commas, spaces or line breaks.", nameof(tag));
        if (!(maxValueUnitRatio > 0))
            throw new ArgumentOutOfRangeException(nameof(maxValueUnitRatio), maxValueUnitRatio, "The max value unit ratio must be positive.");
        if (tag is not null)
        {
            _log.Write("Tag=");
            _log.Write(tag);
            _log.Write(',');
        }
        _log.Write(FixedPointText.Format(startSec, 3));
        _log.Write(',');
        _log.Write(FixedPointText.Format(lengthSec, 3));
        _log.Write(',');
        _log.Write(FixedPointText.Format(histogram.GetMaxValue() / maxValueUnitRatio, 3));
        _log.Write(',');
        _log.Write(HistogramEncoding.EncodeCompressedBase64(histogram));
        _log.Write('\n');
    }
}
