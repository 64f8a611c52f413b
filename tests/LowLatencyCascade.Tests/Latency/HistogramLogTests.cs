using System.Text.RegularExpressions;
using LowLatencyCascade.Engine.Latency;
using Xunit;

namespace LowLatencyCascade.Tests.Latency;

public class HistogramLogTests
{
    private static HdrHistogram Sample()
    {
        var histogram = new HdrHistogram(1, 3_600_000_000, 3);
        foreach ((long value, _) in new InputGenerator("uniform", 41, 1000, 1, 50_000).Generate()) histogram.RecordValue(value);
        return histogram;
    }

    [Fact]
    public void Header_lines_are_the_reference_log_headers()
    {
        var text = new StringWriter();
        var log = new HistogramLogWriter(text);
        log.WriteLogFormatVersion();
        log.WriteStartTime(DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_250));
        log.WriteBaseTime(DateTimeOffset.FromUnixTimeMilliseconds(1_789_999_999_500));
        log.WriteLegend();
        Assert.Equal(
            "#[Histogram log format version 1.3]\n" +
            "#[StartTime: 1790000000.250 (seconds since epoch), Mon Sep 21 14:13:20 UTC 2026]\n" +
            "#[BaseTime: 1789999999.500 (seconds since epoch)]\n" +
            "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n",
            text.ToString());
    }

    [Fact]
    public void Interval_line_has_tag_times_scaled_max_and_compressed_histogram()
    {
        HdrHistogram histogram = Sample();
        var text = new StringWriter();
        var log = new HistogramLogWriter(text);
        log.WriteInterval(histogram, 12.5, 1.25, "velocity", 1000.0);
        log.WriteInterval(histogram, 13.75, 1.0, null);

        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string scaledMax = (histogram.GetMaxValue() / 1000.0).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Matches(new Regex($"^Tag=velocity,12\\.500,1\\.250,{Regex.Escape(scaledMax)},HISTF[A-Za-z0-9+/=]+$"), lines[0]);
        Assert.Matches(new Regex($"^13\\.750,1\\.000,{histogram.GetMaxValue()}\\.000,HISTF[A-Za-z0-9+/=]+$"), lines[1]);
        HistogramAssert.SameCounts(histogram, HistogramEncoding.DecodeCompressedBase64(lines[0].Split(',')[4]));
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("a b")]
    [InlineData("a\nb")]
    public void Tag_with_a_delimiter_is_rejected(string tag)
    {
        var log = new HistogramLogWriter(new StringWriter());
        var error = Assert.Throws<ArgumentException>(() => log.WriteInterval(Sample(), 0, 1, tag));
        Assert.Equal("tag", error.ParamName);
    }

    [Fact]
    public void Reader_takes_interval_starts_relative_to_the_base_time()
    {
        var text = new StringWriter();
        var log = new HistogramLogWriter(text);
        log.WriteStartTime(DateTimeOffset.FromUnixTimeSeconds(1_790_000_100));
        log.WriteBaseTime(DateTimeOffset.FromUnixTimeSeconds(1_790_000_000));
        log.WriteInterval(Sample(), 100.0, 2.0, "t");

        LoggedInterval interval = Assert.Single(new HistogramLogReader(new StringReader(text.ToString())).ReadAllIntervals());
        Assert.Equal(1_790_000_100_000, interval.Histogram.StartTimeStampMsec);
        Assert.Equal(1_790_000_102_000, interval.Histogram.EndTimeStampMsec);
        Assert.Equal("t", interval.Histogram.Tag);
    }

    [Fact]
    public void Reader_reports_a_malformed_line_with_its_number()
    {
        string log = "#[Histogram log format version 1.3]\n0.000,1.000,5.000,HISTFnotbase64!\n";
        var error = Assert.Throws<FormatException>(() => new HistogramLogReader(new StringReader(log)).ReadAllIntervals());
        Assert.Contains("line 2", error.Message);

        var fields = Assert.Throws<FormatException>(() => new HistogramLogReader(new StringReader("1.0,2.0\n")).ReadAllIntervals());
        Assert.Contains("line 1", fields.Message);
    }
}
