using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Monitoring;
using LowLatencyCascade.Engine.Signals;
using LowLatencyCascade.Engine.Pipeline;

namespace LowLatencyCascade.Hosting;

/// <summary>The dashboard's and /metrics' view of a running <see cref="PipelineHost"/> (read on dashboard threads).</summary>
public sealed class HostDashboardSource(PipelineHost host) : IDashboardDataSource
{
    // Read into once per request, under a lock: the dashboard pushes every few hundred milliseconds, and fresh
    // copies of seven histograms each time would be large-object allocations in a latency-sensitive process.
    private readonly HdrHistogram[] _histograms = [.. StageLatencies.Names.Select(_ => new HdrHistogram(1, StageLatencies.HighestTrackableNanos, 3))];
    private readonly object _lock = new();

    /// <summary>Stages shown on the dashboard: service times, their sum, the backlog (wait in the ring), end to end last.</summary>
    private static readonly int[] ShownStages =
        [StageLatencies.Decode, StageLatencies.Velocity, StageLatencies.Volatility, StageLatencies.Regime, StageLatencies.Scoring, StageLatencies.Publish, StageLatencies.Service, StageLatencies.Backlog, StageLatencies.EndToEnd];

    public DashboardSnapshot GetSnapshot()
    {
        lock (_lock) return Snapshot(Read());
    }

    public MetricsSnapshot GetMetrics()
    {
        lock (_lock) return Metrics(Read());
    }

    private HdrHistogram[] Read()
    {
        host.Pipeline.Latencies.CopyCumulativeInto(_histograms);
        return _histograms;
    }

    private DashboardSnapshot Snapshot(HdrHistogram[] histograms)
    {
        var context = host.Observer.Context;
        var stats = host.Observer.Stats;
        return new DashboardSnapshot
        {
            Status = new PipelineStatusView
            {
                State = host.Stopping ? PipelineState.Draining : host.Model.IsWarm ? PipelineState.Running : PipelineState.WarmingUp,
                Mode = host.Run.Mode,
                UptimeSeconds = host.Uptime.TotalSeconds,
                EventTimeUnixMs = host.Observer.LastEventTimeMs,
            },
            Symbols = host.Observer.SymbolSignals(host.Symbols)
                .OrderByDescending(s => s.Level).ThenByDescending(s => s.Probability)
                .Select(s => new SymbolSignalView
                {
                    Symbol = s.Symbol,
                    Level = s.Level,
                    Probability = s.Probability,
                    LastUpdateUnixMs = s.EventTimeMs,
                    RecentProbabilities = s.RecentProbabilities,
                }).ToList(),
            Market = new MarketContextView
            {
                MarketRegime = context.Regime.ToString().ToUpperInvariant(),
                VolatilityRegime = context.VolatilityRegime.ToString().ToUpperInvariant(),
                BtcPrice = context.BtcPrice,
                CascadeRiskMultiplier = context.RiskMultiplier,
                LiquidityRegime = LiquidityRegimes.Name(context.Liquidity),
                TrendRegime = TrendRegimes.Name(context.Trend),
                RegimeConfidence = context.Confidence,
                PositionSizeMultiplier = context.PositionSizeMultiplier,
                StopLossMultiplier = context.StopLossMultiplier,
            },
            Stats = StatsView(stats),
            Stages = ShownStages.Select(i => StageView(StageLatencies.Names[i], histograms[i])).ToList(),
            PercentileSeries =
            [
                PercentileSeriesView.Sample("end_to_end", p => Micros(histograms[StageLatencies.EndToEnd], p)),
                PercentileSeriesView.Sample("decode", p => Micros(histograms[StageLatencies.Decode], p)),
                PercentileSeriesView.Sample("scoring", p => Micros(histograms[StageLatencies.Scoring], p)),
            ],
            Feeds = host.FeedHealth.Select(f => f()).ToList(),
            DataQualityIssues = host.Quality.RecentIssues().TakeLast(50).Reverse().Select(i => new DataQualityIssueView
            {
                TimeUnixMs = i.TimeMs,
                Exchange = ExchangeInfo.Name(i.Exchange),
                Symbol = i.Symbol,
                Type = i.Type.ToString(),
                Severity = (Dashboard.IssueSeverity)(int)i.Severity,
                Description = i.Description,
            }).ToList(),
            Depth = BookDepthViews.From(host.Quality.DepthReadings()),
            Totals = new PipelineTotalsView
            {
                Frames = host.Frames.Frames,
                Rejected = host.Frames.Rejected,
                SignalsByLevel = Enumerable.Range(0, SignalLevels.Count).Select(l => stats.CountOf((SignalLevel)l)).ToArray(),
            },
        };
    }

    /// <summary>How many recent signals <c>stats.recentSignals</c> carries (the spec's recent_signals).</summary>
    public const int RecentSignalsShown = 20;

    private SignalStatsView StatsView(SignalStats stats)
    {
        RecentSignalView View(RecentSignal r) => new()
        {
            Symbol = host.Symbols.NameOf(r.SymbolId),
            TimestampUnixMs = r.TimestampMs,
            Level = r.Level,
            Probability = r.Probability,
            ProcessingTimeMs = r.ProcessingTimeMs,
        };
        var recent = stats.RecentSignals();
        return new SignalStatsView
        {
            SignalsGenerated = stats.SignalsGenerated,
            CriticalSignals = stats.CriticalSignals,
            AverageProcessingTimeMs = stats.AverageProcessingTimeMs,
            RecentSignals = recent.Skip(Math.Max(0, recent.Length - RecentSignalsShown)).Reverse().Select(View).ToList(),
            Timeline = stats.Timeline().Select(View).ToList(),
            Hourly = stats.Hourly().Select(h => new HourlySignalsView { HourStartUnixMs = h.HourStartMs, Signals = h.Signals, AlertOrAbove = h.AlertOrAbove }).ToList(),
        };
    }

    private MetricsSnapshot Metrics(HdrHistogram[] histograms)
    {
        var context = host.Observer.Context;
        var b = new MetricsSnapshotBuilder()
            .AddFrames(host.Frames.Frames)
            .AddRejected(host.Frames.RejectedByReason())
            .AddSignals(Enumerable.Range(0, SignalLevels.Count).Select(l => host.Observer.Stats.CountOf((SignalLevel)l)).ToArray())
            .AddRingFill((double)Math.Max(0, host.Pipeline.InFlight) / host.Pipeline.Ring.BufferSize)
            .AddMarketRegime((int)context.Regime, context.Regime.ToString().ToUpperInvariant())
            .AddVolatilityRegime((int)context.VolatilityRegime, context.VolatilityRegime.ToString().ToUpperInvariant());
        b.AddSignalsDegraded(host.FeedHealthStage.DegradedSignals);
        var memory = ProcessMemory.Now();
        b.AddResidentMemory(memory.ResidentBytes, memory.PeakResidentBytes);
        foreach (var sink in host.Publisher.Stats()) b.AddSinkDropped(sink.Name, sink.NotDelivered);
        foreach (var sink in host.Publisher.Stats()) b.AddSinkDelivered(sink.Name, sink.Delivered);
        foreach (var runner in host.Publisher.Runners) b.AddSinkQueueDepth(runner.Name, Math.Max(0, runner.Queue.Count));
        if (host.Publisher.Redis is { } redis) b.AddSinkConnected(redis.Name, redis.IsConnected);
        if (host.Publisher.WebSocket is { } ws)
            b.AddWebSocketFanOut(ws.ConnectedClients, ws.SubscribedClients, ws.Connections, ws.FramesSent, ws.SlowClientsDropped,
                ws.RejectedFull, ws.RejectedUnauthorized, ws.InvalidRequests);
        foreach (var type in Enum.GetValues<Feeds.Health.DataQualityIssueType>())
            b.AddDataQualityIssues(DataQualityTypeName(type), host.Quality.Count(type));
        foreach (var d in host.Quality.DepthReadings())
            b.AddBookDepth(ExchangeInfo.Name(d.Exchange), d.Symbol, d.Depth.BidLevels, d.Depth.AskLevels, d.Depth.BidUsdNear, d.Depth.AskUsdNear, d.Depth.BidUsdWide, d.Depth.AskUsdWide);
        var feeds = host.FeedHealth.Select(f => f()).ToList();
        foreach (var feed in feeds) b.AddFeedStatus(feed.Connection, feed.Exchange, (int)feed.Status);
        foreach (var feed in feeds) b.AddFeedMessages(feed.Connection, feed.Messages);
        foreach (var feed in feeds) b.AddFeedReconnects(feed.Connection, feed.Reconnects);
        foreach (var feed in feeds) b.AddFeedGaps(feed.Connection, feed.Gaps);
        foreach (var feed in feeds) b.AddFeedStaleStreamResets(feed.Connection, feed.StaleStreamResets);
        foreach (var feed in feeds) b.AddFeedSecondsSinceLastEvent(feed.Connection, feed.SecondsSinceLastEvent);
        foreach (var feed in feeds) b.AddFeedStatusChanges(feed.Connection, feed.StatusChanges);
        foreach (var feed in feeds) b.AddFeedHealthy(feed.Connection, feed.Healthy);
        for (int i = 0; i < StageLatencies.Names.Length; i++)
        {
            var h = histograms[i];
            b.AddStageLatency(StageLatencies.Names[i], q => Seconds(h, q * 100), h.GetMean() * h.TotalCount / 1e9, h.TotalCount);
        }
        for (int i = 0; i < StageLatencies.Names.Length; i++) b.AddStageDuration(StageLatencies.Names[i], histograms[i]);
        return b.Build();
    }

    private static string DataQualityTypeName(Feeds.Health.DataQualityIssueType type) => type switch
    {
        Feeds.Health.DataQualityIssueType.CrossedBook => "crossed_book",
        Feeds.Health.DataQualityIssueType.WideSpread => "wide_spread",
        Feeds.Health.DataQualityIssueType.InsufficientDepth => "insufficient_depth",
        _ => "stale_data",
    };

    private static StageLatencyView StageView(string name, HdrHistogram h) => new()
    {
        Stage = name,
        P50 = Micros(h, 50),
        P90 = Micros(h, 90),
        P99 = Micros(h, 99),
        P999 = Micros(h, 99.9),
        P9999 = Micros(h, 99.99),
        Max = h.TotalCount == 0 ? 0 : h.GetMaxValue() / 1000.0,
        Count = h.TotalCount,
    };

    private static double Micros(HdrHistogram h, double percentile) => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1000.0;

    /// <summary>/metrics speaks Prometheus's base unit: the histograms' nanoseconds as seconds.</summary>
    private static double Seconds(HdrHistogram h, double percentile) => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(percentile) / 1e9;
}
