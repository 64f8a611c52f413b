using System.Text.Json.Serialization;
using LowLatencyCascade.Engine.Events;

using LowLatencyCascade.Hosting;

namespace LowLatencyCascade.Hosting.Dashboard;

// The dashboard's data schema: one snapshot of the running pipeline as the page and /api/snapshot see it.
// The records below are the parts of that one schema, kept together so the page's JSON is read in one place.

/// <summary>What the dashboard shows at one instant. Built by an <see cref="IDashboardDataSource"/> off the hot path.</summary>
public sealed record DashboardSnapshot
{
    public required PipelineStatusView Status { get; init; }
    public IReadOnlyList<SymbolSignalView> Symbols { get; init; } = [];
    public MarketContextView Market { get; init; } = new();
    public IReadOnlyList<StageLatencyView> Stages { get; init; } = [];

    /// <summary>HDR percentile curves (one per stage, or end-to-end) for the chart.</summary>
    public IReadOnlyList<PercentileSeriesView> PercentileSeries { get; init; } = [];

    public IReadOnlyList<FeedHealthView> Feeds { get; init; } = [];

    /// <summary>Most recent first; the source decides how many to keep.</summary>
    public IReadOnlyList<DataQualityIssueView> DataQualityIssues { get; init; } = [];

    /// <summary>Each venue's latest shallow book per symbol (levels, USD within 10 and 50 bps of the mid).</summary>
    public IReadOnlyList<BookDepthView> Depth { get; init; } = [];

    public PipelineTotalsView Totals { get; init; } = new();

    /// <summary>The spec's <c>get_stats()</c> and the dashboard's signal analytics (recent signals, timeline, hourly rate).</summary>
    public SignalStatsView Stats { get; init; } = new();
}

[JsonConverter(typeof(JsonStringEnumConverter<PipelineState>))]
public enum PipelineState
{
    [JsonStringEnumMemberName("warming-up")] WarmingUp,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("draining")] Draining,
    [JsonStringEnumMemberName("stopped")] Stopped,
}

public sealed record PipelineStatusView
{
    public PipelineState State { get; init; }
    public RunMode Mode { get; init; }
    public double UptimeSeconds { get; init; }

    /// <summary>Event time (Unix ms) of the newest event through the pipeline: wall time live, capture time in a replay.</summary>
    public long EventTimeUnixMs { get; init; }
}

/// <summary>The latest signal of one symbol, with its recent probabilities (oldest first) for the sparkline.</summary>
public sealed record SymbolSignalView
{
    public required string Symbol { get; init; }
    public SignalLevel Level { get; init; }
    public string LevelName => SignalLevels.Name(Level);
    public double Probability { get; init; }
    public long LastUpdateUnixMs { get; init; }
    public IReadOnlyList<double> RecentProbabilities { get; init; } = [];
}

public sealed record MarketContextView
{
    public string MarketRegime { get; init; } = "NORMAL";
    public string VolatilityRegime { get; init; } = "NORMAL";
    public double BtcPrice { get; init; }
    public double CascadeRiskMultiplier { get; init; } = 1.0;

    /// <summary>DEEP, NORMAL, SHALLOW or ILLIQUID (BTC volume against its baseline, and spread).</summary>
    public string LiquidityRegime { get; init; } = "NORMAL";

    /// <summary>STRONG_UP, UP, RANGING, DOWN or STRONG_DOWN (BTC momentum confirmed by the moving averages).</summary>
    public string TrendRegime { get; init; } = "RANGING";

    /// <summary>The regime detector's confidence in [0, 1].</summary>
    public double RegimeConfidence { get; init; }

    /// <summary>The composite regime's trading adjustments (its row of the regime table): scale a base position size and stop distance by them.</summary>
    public double PositionSizeMultiplier { get; init; } = 1.0;
    public double StopLossMultiplier { get; init; } = 1.0;
}

/// <summary>
/// The spec's <c>get_stats()</c> (signals generated, critical signals, average processing time, recent signals) with
/// the dashboard plan's signal analytics: a timeline of recent signals at WATCH or above and signals per hour of event time.
/// </summary>
public sealed record SignalStatsView
{
    public long SignalsGenerated { get; init; }

    /// <summary>Signals at CRITICAL or above.</summary>
    public long CriticalSignals { get; init; }

    /// <summary>Mean of the signals' <c>meta.processing_time_ms</c> (frame receipt to scored).</summary>
    public double AverageProcessingTimeMs { get; init; }

    /// <summary>The last 20 signals, newest first.</summary>
    public IReadOnlyList<RecentSignalView> RecentSignals { get; init; } = [];

    /// <summary>Recent signals at WATCH or above (up to 300), oldest first: the timeline's points.</summary>
    public IReadOnlyList<RecentSignalView> Timeline { get; init; } = [];

    /// <summary>Signals per hour of event time, oldest first, up to the last 24 hours.</summary>
    public IReadOnlyList<HourlySignalsView> Hourly { get; init; } = [];
}

public sealed record RecentSignalView
{
    public required string Symbol { get; init; }
    public long TimestampUnixMs { get; init; }
    public SignalLevel Level { get; init; }
    public string LevelName => SignalLevels.Name(Level);
    public double Probability { get; init; }
    public double ProcessingTimeMs { get; init; }
}

public sealed record HourlySignalsView
{
    public long HourStartUnixMs { get; init; }
    public long Signals { get; init; }

    /// <summary>Of <see cref="Signals"/>, those at ALERT or above.</summary>
    public long AlertOrAbove { get; init; }
}

/// <summary>One stage's latency percentiles in microseconds, read from its HDR histogram.</summary>
public sealed record StageLatencyView
{
    public required string Stage { get; init; }
    public double P50 { get; init; }
    public double P90 { get; init; }
    public double P99 { get; init; }
    public double P999 { get; init; }
    public double P9999 { get; init; }
    public double Max { get; init; }
    public long Count { get; init; }
}

/// <summary>A percentile curve as HdrHistogram plots it: x = 1/(1 - percentile/100) on a log axis, y = value.</summary>
public sealed record PercentileSeriesView
{
    public required string Name { get; init; }
    public IReadOnlyList<PercentilePoint> Points { get; init; } = [];

    /// <summary>
    /// Samples a histogram's <paramref name="valueAtPercentile"/> (percentile in [0, 100] → µs) at HdrHistogram's
    /// percentile ticks: <paramref name="ticksPerHalfDistance"/> points each time the distance to 100% halves.
    /// </summary>
    public static PercentileSeriesView Sample(string name, Func<double, double> valueAtPercentile, int ticksPerHalfDistance = 5, double maxPercentile = 99.9999)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerHalfDistance, 1);
        var points = new List<PercentilePoint>();
        double halfDistance = 50;
        double percentile = 0;
        while (percentile <= maxPercentile)
        {
            points.Add(new PercentilePoint(percentile, valueAtPercentile(percentile)));
            double step = halfDistance / ticksPerHalfDistance;
            percentile += step;
            if (100 - percentile <= halfDistance + 1e-9) halfDistance /= 2; // reached the next halving point
        }
        if (points[^1].Percentile < maxPercentile) points.Add(new PercentilePoint(maxPercentile, valueAtPercentile(maxPercentile)));
        return new PercentileSeriesView { Name = name, Points = points };
    }
}

public readonly record struct PercentilePoint(double Percentile, double ValueMicros);

[JsonConverter(typeof(JsonStringEnumConverter<FeedHealthLevel>))]
public enum FeedHealthLevel
{
    [JsonStringEnumMemberName("GREEN")] Green,
    [JsonStringEnumMemberName("YELLOW")] Yellow,
    [JsonStringEnumMemberName("RED")] Red,
}

/// <summary>One exchange connection's health as the feed monitor sees it (spec P1.2).</summary>
public sealed record FeedHealthView
{
    public required string Connection { get; init; }
    public string Exchange { get; init; } = "";
    public FeedHealthLevel Status { get; init; }
    public double MessagesPerSecond { get; init; }
    public long Reconnects { get; init; }
    public double LatencyMs { get; init; }

    /// <summary>Share of time connected since start, in [0, 1].</summary>
    public double Uptime { get; init; }

    /// <summary>Health percentage as a ratio: the share of watched time the connection was GREEN, in [0, 1].</summary>
    public double Healthy { get; init; } = 1;

    /// <summary>Data messages received (pongs excluded).</summary>
    public long Messages { get; init; }

    /// <summary>Gap markers this connection put into the pipeline (a redundant pair puts one only when both legs are down).</summary>
    public long Gaps { get; init; }

    /// <summary>Sessions re-made because their steady streams went stale.</summary>
    public long StaleStreamResets { get; init; }

    /// <summary>Seconds since the last market event (or since the first connection); -1 before any connection.</summary>
    public double SecondsSinceLastEvent { get; init; } = -1;

    /// <summary>Status changes into GREEN, YELLOW and RED (indexed by the status).</summary>
    public long[] StatusChanges { get; init; } = [0, 0, 0];
}

[JsonConverter(typeof(JsonStringEnumConverter<IssueSeverity>))]
public enum IssueSeverity
{
    [JsonStringEnumMemberName("LOW")] Low,
    [JsonStringEnumMemberName("MEDIUM")] Medium,
    [JsonStringEnumMemberName("HIGH")] High,
    [JsonStringEnumMemberName("CRITICAL")] Critical,
}

public sealed record DataQualityIssueView
{
    public long TimeUnixMs { get; init; }
    public string Exchange { get; init; } = "";
    public string Symbol { get; init; } = "";

    /// <summary>crossed_book, wide_spread, insufficient_depth, stale_data, ...</summary>
    public string Type { get; init; } = "";
    public IssueSeverity Severity { get; init; }
    public string Description { get; init; } = "";
}

public sealed record PipelineTotalsView
{
    public long Frames { get; init; }
    public long Rejected { get; init; }

    /// <summary>Signals published per level, indexed by <see cref="SignalLevel"/> (NONE..EXTREME).</summary>
    public IReadOnlyList<long> SignalsByLevel { get; init; } = new long[SignalLevels.Count];
}
