using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>
/// The metric names <c>/metrics</c> exposes and typed ways to add them, so every part of the host spells
/// a name, its help text and its labels the same way.
/// </summary>
public static class CascadeMetrics
{
    public const string Frames = "cascade_frames_total";
    public const string FramesRejected = "cascade_frames_rejected_total";
    public const string Signals = "cascade_signals_total";
    public const string SinkDropped = "cascade_sink_dropped_total";
    public const string FeedReconnects = "cascade_feed_reconnects_total";
    public const string FeedMessages = "cascade_feed_messages_total";
    public const string RingFill = "cascade_ring_fill_ratio";
    public const string MarketRegime = "cascade_market_regime";
    public const string VolatilityRegime = "cascade_volatility_regime";
    public const string StageLatency = "cascade_stage_latency_seconds";
    /// <summary>The Prometheus client libraries' standard name for a process's RSS.</summary>
    public const string ResidentMemory = "process_resident_memory_bytes";
    public const string PeakResidentMemory = "cascade_process_peak_resident_memory_bytes";

    public static MetricsSnapshotBuilder AddResidentMemory(this MetricsSnapshotBuilder b, long residentBytes, long peakBytes) =>
        b.Gauge(ResidentMemory, "Resident memory size in bytes.", residentBytes)
         .Gauge(PeakResidentMemory, "Peak resident memory size in bytes since the process started (VmHWM).", peakBytes);

    public static MetricsSnapshotBuilder AddFrames(this MetricsSnapshotBuilder b, long frames) =>
        b.Counter(Frames, "Frames handed to the decoders (live) or read from capture files (replay), rejected ones included.", frames);

    public static MetricsSnapshotBuilder AddRejected(this MetricsSnapshotBuilder b, RejectReason reason, long count) =>
        b.Counter(FramesRejected, "Frames published as rejected slots, by reason.", count, new MetricLabel("reason", RejectReasons.Name(reason)));

    /// <summary>Adds one rejected counter per reason (except <see cref="RejectReason.None"/>); <paramref name="byReason"/> is indexed by the enum value.</summary>
    public static MetricsSnapshotBuilder AddRejected(this MetricsSnapshotBuilder b, ReadOnlySpan<long> byReason)
    {
        for (int r = 1; r < byReason.Length && r < RejectReasons.Count; r++) b.AddRejected((RejectReason)r, byReason[r]);
        return b;
    }

    public static MetricsSnapshotBuilder AddSignals(this MetricsSnapshotBuilder b, SignalLevel level, long count) =>
        b.Counter(Signals, "Signals published, by level.", count, new MetricLabel("level", SignalLevels.Name(level)));

    /// <summary>Adds one signal counter per level; <paramref name="byLevel"/> is indexed by the enum value.</summary>
    public static MetricsSnapshotBuilder AddSignals(this MetricsSnapshotBuilder b, ReadOnlySpan<long> byLevel)
    {
        for (int l = 0; l < byLevel.Length && l < SignalLevels.Count; l++) b.AddSignals((SignalLevel)l, byLevel[l]);
        return b;
    }

    public static MetricsSnapshotBuilder AddSinkDropped(this MetricsSnapshotBuilder b, string sink, long count) =>
        b.Counter(SinkDropped, "Encoded signals a sink could not take (queue full or sink down), by sink.", count, new MetricLabel("sink", sink));

    public static MetricsSnapshotBuilder AddFeedReconnects(this MetricsSnapshotBuilder b, string connection, long count) =>
        b.Counter(FeedReconnects, "Reconnections of an exchange WebSocket connection, by connection.", count, new MetricLabel("connection", connection));

    public static MetricsSnapshotBuilder AddFeedMessages(this MetricsSnapshotBuilder b, string connection, long count) =>
        b.Counter(FeedMessages, "Frames received on an exchange WebSocket connection, by connection.", count, new MetricLabel("connection", connection));

    /// <summary>Claimed but not yet consumed slots divided by the ring's capacity, in [0, 1].</summary>
    public static MetricsSnapshotBuilder AddRingFill(this MetricsSnapshotBuilder b, double ratio) =>
        b.Gauge(RingFill, "Fraction of the ring holding events not yet consumed by the last stage.", ratio);

    /// <summary>The regime as its ordinal (DORMANT 0 .. EXTREME 5) with its name as a label, so it graphs and reads.</summary>
    public static MetricsSnapshotBuilder AddMarketRegime(this MetricsSnapshotBuilder b, int ordinal, string name) =>
        b.Gauge(MarketRegime, "Composite market regime: DORMANT=0, LOW=1, NORMAL=2, ELEVATED=3, HIGH=4, EXTREME=5.", ordinal, new MetricLabel("regime", name));

    public static MetricsSnapshotBuilder AddVolatilityRegime(this MetricsSnapshotBuilder b, int ordinal, string name) =>
        b.Gauge(VolatilityRegime, "BTC volatility regime: DORMANT=0, LOW=1, NORMAL=2, ELEVATED=3, HIGH=4, EXTREME=5.", ordinal, new MetricLabel("regime", name));

    /// <summary>
    /// One stage's latency summary in seconds, Prometheus's base unit (the histograms record nanoseconds: divide by
    /// 1e9). <paramref name="valueAtQuantile"/> reads the stage's HDR histogram at each of
    /// <see cref="SummaryPoint.StandardQuantiles"/>.
    /// </summary>
    public static MetricsSnapshotBuilder AddStageLatency(this MetricsSnapshotBuilder b, string stage, Func<double, double> valueAtQuantile, double sumSeconds, long count)
    {
        var quantiles = new QuantileValue[SummaryPoint.StandardQuantiles.Count];
        for (int i = 0; i < quantiles.Length; i++)
        {
            double q = SummaryPoint.StandardQuantiles[i];
            quantiles[i] = new QuantileValue(q, valueAtQuantile(q));
        }
        return b.Summary(StageLatency, "Per stage: service time (the stage's own work on a slot); service: their sum per slot; backlog: wait in the ring; end_to_end: receipt to the last stage. Seconds, from HDR histograms.", quantiles, sumSeconds, count, new MetricLabel("stage", stage));
    }
}
