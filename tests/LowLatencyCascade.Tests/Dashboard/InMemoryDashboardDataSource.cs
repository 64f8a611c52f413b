using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Monitoring;

namespace LowLatencyCascade.Tests.Dashboard;

/// <summary>
/// A working <see cref="IDashboardDataSource"/> over in-memory state that a test changes while the server
/// runs. Snapshot and metrics are both derived from the same state, the way the pipeline's source derives
/// both from its counters and histograms.
/// </summary>
internal sealed class InMemoryDashboardDataSource : IDashboardDataSource
{
    private const int SparklineLength = 30;
    private static readonly string[] Regimes = ["DORMANT", "LOW", "NORMAL", "ELEVATED", "HIGH", "EXTREME"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SymbolState> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<double>> _latencies = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FeedHealthView> _feeds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _sinkDrops = new(StringComparer.Ordinal);
    private readonly List<DataQualityIssueView> _issues = [];
    private readonly long[] _rejected = new long[RejectReasons.Count];
    private readonly long[] _signals = new long[SignalLevels.Count];
    private MarketContextView _market = new();
    private PipelineState _state = PipelineState.WarmingUp;
    private long _frames;
    private long _eventTime;
    private double _ringFill;


    public void SetState(PipelineState state)
    {
        lock (_gate) _state = state;
    }

    public void Signal(string symbol, SignalLevel level, double probability, long eventTimeUnixMs)
    {
        lock (_gate)
        {
            if (!_symbols.TryGetValue(symbol, out var s)) _symbols[symbol] = s = new SymbolState();
            s.Level = level;
            s.Probability = probability;
            s.LastUpdate = eventTimeUnixMs;
            s.History.Add(probability);
            if (s.History.Count > SparklineLength) s.History.RemoveAt(0);
            _signals[(int)level]++;
            _eventTime = Math.Max(_eventTime, eventTimeUnixMs);
        }
    }

    public void Frames(long accepted, RejectReason reason = RejectReason.None, long rejected = 0)
    {
        lock (_gate)
        {
            _frames += accepted + rejected;
            _rejected[(int)reason] += rejected;
        }
    }

    public void Latency(string stage, double micros)
    {
        lock (_gate)
        {
            if (!_latencies.TryGetValue(stage, out var list)) _latencies[stage] = list = [];
            list.Add(micros);
        }
    }

    public void Market(string marketRegime, string volatilityRegime, double btcPrice, double riskMultiplier)
    {
        lock (_gate) _market = new MarketContextView { MarketRegime = marketRegime, VolatilityRegime = volatilityRegime, BtcPrice = btcPrice, CascadeRiskMultiplier = riskMultiplier };
    }

    public void Feed(FeedHealthView feed)
    {
        lock (_gate) _feeds[feed.Connection] = feed;
    }

    public void Issue(DataQualityIssueView issue)
    {
        lock (_gate) _issues.Insert(0, issue);
    }

    public void SinkDropped(string sink, long count)
    {
        lock (_gate) _sinkDrops[sink] = _sinkDrops.GetValueOrDefault(sink) + count;
    }

    public void RingFill(double ratio)
    {
        lock (_gate) _ringFill = ratio;
    }

    public DashboardSnapshot GetSnapshot()
    {
        lock (_gate)
        {
            var sorted = _latencies.ToDictionary(kv => kv.Key, kv => kv.Value.Order().ToArray());
            return new DashboardSnapshot
            {
                Status = new PipelineStatusView { State = _state, Mode = RunMode.Replay, UptimeSeconds = 3723, EventTimeUnixMs = _eventTime },
                Symbols = _symbols.Select(kv => new SymbolSignalView
                {
                    Symbol = kv.Key,
                    Level = kv.Value.Level,
                    Probability = kv.Value.Probability,
                    LastUpdateUnixMs = kv.Value.LastUpdate,
                    RecentProbabilities = kv.Value.History.ToArray(),
                }).ToArray(),
                Market = _market,
                Stages = sorted.Select(kv => new StageLatencyView
                {
                    Stage = kv.Key,
                    P50 = Percentile(kv.Value, 50),
                    P90 = Percentile(kv.Value, 90),
                    P99 = Percentile(kv.Value, 99),
                    P999 = Percentile(kv.Value, 99.9),
                    P9999 = Percentile(kv.Value, 99.99),
                    Max = kv.Value[^1],
                    Count = kv.Value.Length,
                }).ToArray(),
                PercentileSeries = sorted.Select(kv => PercentileSeriesView.Sample(kv.Key, p => Percentile(kv.Value, p), maxPercentile: 99.99)).ToArray(),
                Feeds = _feeds.Values.ToArray(),
                DataQualityIssues = _issues.ToArray(),
                Totals = new PipelineTotalsView { Frames = _frames, Rejected = _rejected.Sum(), SignalsByLevel = _signals.ToArray() },
            };
        }
    }

    public MetricsSnapshot GetMetrics()
    {
        lock (_gate)
        {
            var b = new MetricsSnapshotBuilder()
                .AddFrames(_frames)
                .AddRejected(_rejected)
                .AddSignals(_signals);
            foreach (var (sink, dropped) in _sinkDrops) b.AddSinkDropped(sink, dropped);
            foreach (var feed in _feeds.Values) b.AddFeedReconnects(feed.Connection, feed.Reconnects);
            b.AddRingFill(_ringFill)
                .AddMarketRegime(Array.IndexOf(Regimes, _market.MarketRegime), _market.MarketRegime)
                .AddVolatilityRegime(Array.IndexOf(Regimes, _market.VolatilityRegime), _market.VolatilityRegime);
            foreach (var (stage, samples) in _latencies)
            {
                var ordered = samples.Order().ToArray();
                b.AddStageLatency(stage, q => Percentile(ordered, q * 100) / 1e6, samples.Sum() / 1e6, samples.Count); // µs samples, seconds exposed
            }
            return b.Build();
        }
    }

    /// <summary>Nearest-rank percentile, as a histogram reports it.</summary>
    private static double Percentile(double[] sorted, double percentile)
    {
        int rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private sealed class SymbolState
    {
        public SignalLevel Level { get; set; }
        public double Probability { get; set; }
        public long LastUpdate { get; set; }
        public List<double> History { get; } = [];
    }
}
