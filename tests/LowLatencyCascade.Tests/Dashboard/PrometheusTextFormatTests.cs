using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Monitoring;
using Xunit;

namespace LowLatencyCascade.Tests.Dashboard;

public class PrometheusTextFormatTests
{
    [Fact]
    public void Counters_gauges_and_summaries_are_written_in_exposition_format_0_0_4()
    {
        var snapshot = new MetricsSnapshotBuilder()
            .AddFrames(1027)
            .AddRejected(RejectReason.BadNumber, 3)
            .AddRingFill(0.25)
            .Summary("cascade_stage_latency_seconds", "Stage latency.", [new(0.5, 1.5e-6), new(0.99, 0.000012)], 0.0020485, 1000, new MetricLabel("stage", "velocity"))
            .Build();

        string text = PrometheusTextWriter.Write(snapshot);

        Assert.Equal(
            "# HELP cascade_frames_total Frames handed to the decoders (live) or read from capture files (replay), rejected ones included.\n" +
            "# TYPE cascade_frames_total counter\n" +
            "cascade_frames_total 1027\n" +
            "# HELP cascade_frames_rejected_total Frames published as rejected slots, by reason.\n" +
            "# TYPE cascade_frames_rejected_total counter\n" +
            "cascade_frames_rejected_total{reason=\"bad_number\"} 3\n" +
            "# HELP cascade_ring_fill_ratio Fraction of the ring holding events not yet consumed by the last stage.\n" +
            "# TYPE cascade_ring_fill_ratio gauge\n" +
            "cascade_ring_fill_ratio 0.25\n" +
            "# HELP cascade_stage_latency_seconds Stage latency.\n" +
            "# TYPE cascade_stage_latency_seconds summary\n" +
            "cascade_stage_latency_seconds{stage=\"velocity\",quantile=\"0.5\"} 1.5E-06\n" +
            "cascade_stage_latency_seconds{stage=\"velocity\",quantile=\"0.99\"} 1.2E-05\n" +
            "cascade_stage_latency_seconds_sum{stage=\"velocity\"} 0.0020485\n" +
            "cascade_stage_latency_seconds_count{stage=\"velocity\"} 1000\n",
            text);
    }

    [Fact]
    public void Histograms_are_written_with_cumulative_le_buckets_inf_sum_and_count()
    {
        var snapshot = new MetricsSnapshotBuilder()
            .Histogram("cascade_stage_duration_seconds", "Stage latency.", [new(1e-6, 3), new(1e-5, 7)], 0.00004, 9, new MetricLabel("stage", "decode"))
            .Build();

        Assert.Equal(
            "# HELP cascade_stage_duration_seconds Stage latency.\n" +
            "# TYPE cascade_stage_duration_seconds histogram\n" +
            "cascade_stage_duration_seconds_bucket{stage=\"decode\",le=\"1E-06\"} 3\n" +
            "cascade_stage_duration_seconds_bucket{stage=\"decode\",le=\"1E-05\"} 7\n" +
            "cascade_stage_duration_seconds_bucket{stage=\"decode\",le=\"+Inf\"} 9\n" +
            "cascade_stage_duration_seconds_sum{stage=\"decode\"} 4E-05\n" +
            "cascade_stage_duration_seconds_count{stage=\"decode\"} 9\n",
            PrometheusTextWriter.Write(snapshot));
        // Buckets must ascend with cumulative counts no larger than the total.
        Assert.Throws<ArgumentException>(() => new MetricsSnapshotBuilder().Histogram("h_seconds", "h", [new(1e-5, 3), new(1e-6, 4)], 0, 9));
        Assert.Throws<ArgumentException>(() => new MetricsSnapshotBuilder().Histogram("h_seconds", "h", [new(1e-6, 5), new(1e-5, 4)], 0, 9));
        Assert.Throws<ArgumentException>(() => new MetricsSnapshotBuilder().Histogram("h_seconds", "h", [new(1e-6, 10)], 0, 9));
    }

    [Fact]
    public void Stage_duration_buckets_count_the_hdr_histogram_at_or_below_each_bound()
    {
        var h = new LowLatencyCascade.Engine.Latency.HdrHistogram(1, 3_600_000_000_000, 3);
        h.RecordValueWithCount(800, 5);        // 0.8 µs
        h.RecordValueWithCount(40_000, 3);     // 40 µs
        h.RecordValue(2_000_000_000);          // 2 s: above every bound
        var family = new MetricsSnapshotBuilder().AddStageDuration("decode", h).Build().Find(CascadeMetrics.StageDuration)!;
        var buckets = family.Histograms.Single().Buckets;
        Assert.Equal(5, buckets.Single(b => b.UpperBound == 1e-6).Count);
        Assert.Equal(5, buckets.Single(b => b.UpperBound == 2.5e-5).Count);
        Assert.Equal(8, buckets.Single(b => b.UpperBound == 5e-5).Count);
        Assert.Equal(8, buckets[^1].Count);
        Assert.Equal(9, family.Histograms.Single().Count);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline_and_parse_back_unchanged()
    {
        const string awkward = "C:\\feeds\\\"okx\"\nline two";
        var snapshot = new MetricsSnapshotBuilder()
            .Counter("cascade_feed_reconnects_total", "Reconnects,\nper \\ connection.", 7, new MetricLabel("connection", awkward))
            .Build();

        string text = PrometheusTextWriter.Write(snapshot);

        Assert.Contains("{connection=\"C:\\\\feeds\\\\\\\"okx\\\"\\nline two\"} 7\n", text);
        Assert.Contains("# HELP cascade_feed_reconnects_total Reconnects,\\nper \\\\ connection.\n", text);
        var parsed = PrometheusTextParser.Parse(text);
        Assert.Equal(7, parsed.Find("cascade_feed_reconnects_total", new MetricLabel("connection", awkward)));
        Assert.Equal("Reconnects,\nper \\ connection.", parsed.Help["cascade_feed_reconnects_total"]);
        Assert.Equal("counter", parsed.Types["cascade_feed_reconnects_total"]);
    }

    [Fact]
    public void Special_values_are_written_as_Go_floats_and_read_back()
    {
        var snapshot = new MetricsSnapshotBuilder()
            .Gauge("g", "g", double.PositiveInfinity, new MetricLabel("k", "pos"))
            .Gauge("g", "g", double.NegativeInfinity, new MetricLabel("k", "neg"))
            .Gauge("g", "g", double.NaN, new MetricLabel("k", "nan"))
            .Gauge("g", "g", 1e-7, new MetricLabel("k", "tiny"))
            .Build();

        string text = PrometheusTextWriter.Write(snapshot);
        var parsed = PrometheusTextParser.Parse(text);

        Assert.Contains("g{k=\"pos\"} +Inf\n", text);
        Assert.Contains("g{k=\"neg\"} -Inf\n", text);
        Assert.Contains("g{k=\"nan\"} NaN\n", text);
        Assert.Equal(double.PositiveInfinity, parsed.Find("g", new MetricLabel("k", "pos")));
        Assert.Equal(double.NegativeInfinity, parsed.Find("g", new MetricLabel("k", "neg")));
        Assert.True(double.IsNaN(parsed.Find("g", new MetricLabel("k", "nan"))!.Value));
        Assert.Equal(1e-7, parsed.Find("g", new MetricLabel("k", "tiny")));
    }

    [Fact]
    public void Parser_reads_timestamps_blank_lines_and_other_comments()
    {
        var parsed = PrometheusTextParser.Parse("# a free comment\n\nup{job=\"x\",} 1 1700000000000\r\nother   2.5\n");

        Assert.Equal(2, parsed.Samples.Count);
        Assert.Equal(1700000000000, parsed.Samples[0].TimestampMs);
        Assert.Equal("x", parsed.Samples[0].Labels["job"]);
        Assert.Equal(2.5, parsed.Find("other"));
    }

    [Theory]
    [InlineData("ok 1\nbad{l=\"unterminated} 2\n", 2, "unterminated")]
    [InlineData("x{l=\"v\"} one\n", 1, "invalid value 'one'")]
    [InlineData("x{l=\"a\\qb\"} 1\n", 1, "invalid escape")]
    [InlineData("x{l=\"a\",l=\"b\"} 1\n", 1, "appears twice")]
    [InlineData("# TYPE x rainbow\n", 1, "unknown metric type")]
    [InlineData("9lives 1\n", 1, "metric name")]
    public void Parser_rejects_malformed_lines_naming_the_line_and_the_fault(string text, int line, string fault)
    {
        var e = Assert.Throws<FormatException>(() => PrometheusTextParser.Parse(text));
        Assert.Contains($"line {line}:", e.Message);
        Assert.Contains(fault, e.Message);
    }

    [Fact]
    public void Builder_refuses_what_Prometheus_would_refuse()
    {
        Assert.Throws<ArgumentException>(() => new MetricsSnapshotBuilder().Counter("bad-name", "h", 1).Build());
        Assert.Throws<ArgumentException>(() => new MetricsSnapshotBuilder().Counter("ok", "h", 1, new MetricLabel("__reserved", "v")).Build());
        Assert.Throws<ArgumentException>(() => new MetricsSnapshotBuilder().Summary("s", "h", [new(0.5, 1)], 1, 1, new MetricLabel("quantile", "x")).Build());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetricsSnapshotBuilder().Counter("c", "h", -1));
        Assert.Throws<InvalidOperationException>(() => new MetricsSnapshotBuilder().Counter("m", "h", 1).Gauge("m", "h", 1));
        Assert.Throws<InvalidOperationException>(() => new MetricsSnapshotBuilder()
            .Counter("m", "h", 1, new MetricLabel("a", "1"), new MetricLabel("b", "2"))
            .Counter("m", "h", 2, new MetricLabel("b", "2"), new MetricLabel("a", "1")));
    }

    [Fact]
    public void Typed_cascade_metrics_cover_every_reason_and_level_under_their_names()
    {
        long[] rejected = new long[RejectReasons.Count];
        long[] signals = new long[SignalLevels.Count];
        for (int i = 0; i < rejected.Length; i++) rejected[i] = 10 + i;
        for (int i = 0; i < signals.Length; i++) signals[i] = 100 * (i + 1);

        var parsed = PrometheusTextParser.Parse(PrometheusTextWriter.Write(
            new MetricsSnapshotBuilder().AddRejected(rejected).AddSignals(signals).AddMarketRegime(4, "HIGH").Build()));

        for (var r = RejectReason.MalformedJson; (int)r < RejectReasons.Count; r++)
            Assert.Equal(rejected[(int)r], parsed.Find(CascadeMetrics.FramesRejected, new MetricLabel("reason", RejectReasons.Name(r))));
        Assert.Null(parsed.Find(CascadeMetrics.FramesRejected, new MetricLabel("reason", "none")));
        for (var l = SignalLevel.None; l <= SignalLevel.Extreme; l++)
            Assert.Equal(signals[(int)l], parsed.Find(CascadeMetrics.Signals, new MetricLabel("level", SignalLevels.Name(l))));
        Assert.Equal(4, parsed.Find(CascadeMetrics.MarketRegime, new MetricLabel("regime", "HIGH")));
    }
}
