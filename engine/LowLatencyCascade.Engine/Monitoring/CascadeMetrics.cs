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
    public const string StageDuration = "cascade_stage_duration_seconds";
    public const string FeedStatus = "cascade_feed_status";
    public const string FeedGaps = "cascade_feed_gaps_total";
    public const string FeedStaleStreamResets = "cascade_feed_stale_stream_resets_total";
    public const string FeedSecondsSinceLastEvent = "cascade_feed_seconds_since_last_event";
    public const string FeedStatusChanges = "cascade_feed_status_changes_total";
    public const string FeedHealthy = "cascade_feed_healthy_ratio";
    public const string DataQualityIssues = "cascade_data_quality_issues_total";
    public const string BookDepthLevels = "cascade_book_depth_levels";
    public const string BookDepthUsd = "cascade_book_depth_usd";
    public const string SinkConnected = "cascade_sink_connected";
    public const string SinkQueueDepth = "cascade_sink_queue_depth";
    public const string SinkDelivered = "cascade_sink_delivered_total";
    public const string SignalsDegraded = "cascade_signals_degraded_total";
    public const string WebSocketClients = "cascade_websocket_clients";
    public const string WebSocketSubscribedClients = "cascade_websocket_subscribed_clients";
    public const string WebSocketConnections = "cascade_websocket_connections_total";
    public const string WebSocketFramesSent = "cascade_websocket_frames_sent_total";
    public const string WebSocketSlowClientsDropped = "cascade_websocket_slow_clients_dropped_total";
    public const string WebSocketClientsRefused = "cascade_websocket_clients_refused_total";
    public const string WebSocketInvalidRequests = "cascade_websocket_invalid_requests_total";

    /// <summary>The status names of <see cref="FeedStatusChanges"/>'s <c>to</c> label, indexed by the status (0 GREEN, 1 YELLOW, 2 RED).</summary>
    public static readonly string[] FeedStatusNames = ["green", "yellow", "red"];

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
        b.Counter(FeedMessages, "Data messages received on an exchange WebSocket connection (keep-alive answers excluded), by connection.", count, new MetricLabel("connection", connection));

    /// <summary>
    /// A venue's latest shallow book for a symbol: levels per side (alert on <c>&lt; 5</c>: the plan's insufficient depth)
    /// and the USD resting within 10 and 50 bps of the mid per side.
    /// </summary>
    public static MetricsSnapshotBuilder AddBookDepth(this MetricsSnapshotBuilder b, string exchange, string symbol,
        int bidLevels, int askLevels, double bidNearUsd, double askNearUsd, double bidWideUsd, double askWideUsd)
    {
        const string levelsHelp = "Price levels in the venue's latest shallow book, by exchange, symbol and side (fewer than 5 = insufficient depth).";
        const string usdHelp = "USD resting in the venue's latest shallow book within a band of the mid (10bps, 50bps), by exchange, symbol and side.";
        MetricLabel ex = new("exchange", exchange), sym = new("symbol", symbol), bid = new("side", "bid"), ask = new("side", "ask");
        MetricLabel near = new("band", "10bps"), wide = new("band", "50bps");
        b.Gauge(BookDepthLevels, levelsHelp, bidLevels, ex, sym, bid);
        b.Gauge(BookDepthLevels, levelsHelp, askLevels, ex, sym, ask);
        b.Gauge(BookDepthUsd, usdHelp, bidNearUsd, ex, sym, bid, near);
        b.Gauge(BookDepthUsd, usdHelp, askNearUsd, ex, sym, ask, near);
        b.Gauge(BookDepthUsd, usdHelp, bidWideUsd, ex, sym, bid, wide);
        return b.Gauge(BookDepthUsd, usdHelp, askWideUsd, ex, sym, ask, wide);
    }

    /// <summary>0 GREEN, 1 YELLOW, 2 RED: alert on <c>cascade_feed_status == 2</c>.</summary>
    public static MetricsSnapshotBuilder AddFeedStatus(this MetricsSnapshotBuilder b, string connection, string exchange, int status) =>
        b.Gauge(FeedStatus, "Exchange connection health: GREEN=0, YELLOW=1, RED=2, by connection.", status,
            new MetricLabel("connection", connection), new MetricLabel("exchange", exchange));

    public static MetricsSnapshotBuilder AddFeedGaps(this MetricsSnapshotBuilder b, string connection, long count) =>
        b.Counter(FeedGaps, "Gap markers (data lost on a disconnect) a connection put into the pipeline, by connection.", count, new MetricLabel("connection", connection));

    public static MetricsSnapshotBuilder AddFeedStaleStreamResets(this MetricsSnapshotBuilder b, string connection, long count) =>
        b.Counter(FeedStaleStreamResets, "Sessions re-made because their steady streams delivered no market event, by connection.", count, new MetricLabel("connection", connection));

    public static MetricsSnapshotBuilder AddFeedSecondsSinceLastEvent(this MetricsSnapshotBuilder b, string connection, double seconds) =>
        b.Gauge(FeedSecondsSinceLastEvent, "Seconds since the connection's last market event (keeps rising while it is down; -1 before its first connection).", seconds, new MetricLabel("connection", connection));

    /// <summary>One counter per target status, <paramref name="byStatus"/> indexed by the status (0 GREEN, 1 YELLOW, 2 RED).</summary>
    public static MetricsSnapshotBuilder AddFeedStatusChanges(this MetricsSnapshotBuilder b, string connection, ReadOnlySpan<long> byStatus)
    {
        for (int s = 0; s < byStatus.Length && s < FeedStatusNames.Length; s++)
        {
            b.Counter(FeedStatusChanges, "Connection status changes, by connection and the status changed to.", byStatus[s],
                new MetricLabel("connection", connection), new MetricLabel("to", FeedStatusNames[s]));
        }
        return b;
    }

    public static MetricsSnapshotBuilder AddFeedHealthy(this MetricsSnapshotBuilder b, string connection, double ratio) =>
        b.Gauge(FeedHealthy, "Share of the watched time the connection was GREEN, 0..1, by connection.", ratio, new MetricLabel("connection", connection));

    public static MetricsSnapshotBuilder AddDataQualityIssues(this MetricsSnapshotBuilder b, string type, long count) =>
        b.Counter(DataQualityIssues, "Data-quality issues raised (crossed book, wide spread, stale data), by type.", count, new MetricLabel("type", type));

    public static MetricsSnapshotBuilder AddSinkConnected(this MetricsSnapshotBuilder b, string sink, bool connected) =>
        b.Gauge(SinkConnected, "1 while a sink with a connection (Redis) is connected, 0 while it is not, by sink.", connected ? 1 : 0, new MetricLabel("sink", sink));

    public static MetricsSnapshotBuilder AddSinkQueueDepth(this MetricsSnapshotBuilder b, string sink, long depth) =>
        b.Gauge(SinkQueueDepth, "Encoded signals waiting in a sink's queue, by sink.", depth, new MetricLabel("sink", sink));

    public static MetricsSnapshotBuilder AddSinkDelivered(this MetricsSnapshotBuilder b, string sink, long count) =>
        b.Counter(SinkDelivered, "Signals a sink delivered (acknowledged by Redis where it acknowledges), by sink.", count, new MetricLabel("sink", sink));

    public static MetricsSnapshotBuilder AddSignalsDegraded(this MetricsSnapshotBuilder b, long count) =>
        b.Counter(SignalsDegraded, "Signals published from a degraded view of the feeds (a venue RED, stale or gapped; feeds.degraded in the signal).", count);

    /// <summary>
    /// The WebSocket signal fan-out's state (only while it runs): connected and subscribed clients, connections accepted,
    /// frames written to sockets, clients dropped as slow, connections refused by reason (<c>full</c>: MaxClients reached;
    /// <c>unauthorized</c>: missing or wrong token) and bad client requests. Signals offered and lost per sink are in
    /// <see cref="SinkDelivered"/> and <see cref="SinkDropped"/> under <c>sink="websocket"</c>.
    /// </summary>
    public static MetricsSnapshotBuilder AddWebSocketFanOut(this MetricsSnapshotBuilder b, int clients, int subscribed, long connections, long framesSent,
        long slowClientsDropped, long refusedFull, long refusedUnauthorized, long invalidRequests) =>
        b.Gauge(WebSocketClients, "WebSocket signal fan-out: clients connected now.", clients)
         .Gauge(WebSocketSubscribedClients, "WebSocket signal fan-out: connected clients subscribed to at least one symbol.", subscribed)
         .Counter(WebSocketConnections, "WebSocket signal fan-out: connections accepted.", connections)
         .Counter(WebSocketFramesSent, "WebSocket signal fan-out: frames written to client sockets (signals and subscription replies).", framesSent)
         .Counter(WebSocketSlowClientsDropped, "WebSocket signal fan-out: clients dropped because their queue was full (slow readers).", slowClientsDropped)
         .Counter(WebSocketClientsRefused, "WebSocket signal fan-out: connections refused, by reason (full: MaxClients reached; unauthorized: bad or missing token).", refusedFull, new MetricLabel("reason", "full"))
         .Counter(WebSocketClientsRefused, "WebSocket signal fan-out: connections refused, by reason (full: MaxClients reached; unauthorized: bad or missing token).", refusedUnauthorized, new MetricLabel("reason", "unauthorized"))
         .Counter(WebSocketInvalidRequests, "WebSocket signal fan-out: client messages refused as invalid (bad subscription, too many symbols, oversized).", invalidRequests);

    /// <summary>
    /// One stage's latency as a Prometheus histogram in seconds (<see cref="HistogramPoint.LatencyBucketsSeconds"/>),
    /// read from its HDR histogram (nanoseconds): aggregatable across instances, where the summary is not.
    /// </summary>
    public static MetricsSnapshotBuilder AddStageDuration(this MetricsSnapshotBuilder b, string stage, Latency.HdrHistogram h)
    {
        var bounds = HistogramPoint.LatencyBucketsSeconds;
        var buckets = new BucketCount[bounds.Count];
        long total = h.TotalCount, cumulative = 0;
        int index = 0, length = h.CountsArrayLength;
        for (int i = 0; i < bounds.Count; i++)
        {
            long boundNs = (long)Math.Round(bounds[i] * 1e9);
            // Every HDR bucket whose values all lie at or below the bound (HDR's precision: 3 significant digits).
            while (index < length && h.HighestEquivalentValue(h.ValueFromIndex(index)) <= boundNs)
                cumulative += h.GetCountAtIndex(index++);
            buckets[i] = new BucketCount(bounds[i], Math.Min(cumulative, total));
        }
        return b.Histogram(StageDuration, "Latency from frame receipt to the end of each stage, in seconds, as a histogram (from the same HDR histograms).",
            buckets, h.GetMean() * total / 1e9, total, new MetricLabel("stage", stage));
    }

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
