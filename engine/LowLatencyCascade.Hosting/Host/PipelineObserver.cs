using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Engine.Signals;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// The host's eyes on the ring, run on the last stage thread after publish: signal statistics, the latest
/// signal per symbol with a short probability history (the dashboard's sparkline), the latest market context.
/// Written by one thread with plain stores; read by the dashboard and report threads, which may see a value a
/// moment old but never a torn one that matters for display.
/// </summary>
public sealed class PipelineObserver : IEventHandler<MarketEvent>
{
    public const int HistoryLength = 60;

    /// <summary>Per symbol id: null until the symbol's first signal (then reused).</summary>
    private readonly SymbolState?[] _symbols;
    private long _slots, _duplicates, _gaps, _lastEventTimeMs;
    private MarketContext _context;
    private int _contextVersion;   // odd while the writer is storing _context (a seqlock: the struct is too wide to store atomically)

    public PipelineObserver(int symbolCapacity, SignalStats stats)
    {
        Stats = stats;
        _symbols = new SymbolState?[symbolCapacity];
    }

    public SignalStats Stats { get; }
    public long Slots => Volatile.Read(ref _slots);
    public long Duplicates => Volatile.Read(ref _duplicates);
    public long Gaps => Volatile.Read(ref _gaps);
    public long LastEventTimeMs => Volatile.Read(ref _lastEventTimeMs);
    /// <summary>The latest market context, never torn: the regime and its multipliers always belong together.</summary>
    public MarketContext Context
    {
        get
        {
            var spin = new SpinWait();
            while (true)
            {
                int before = Volatile.Read(ref _contextVersion);
                if ((before & 1) == 0)
                {
                    var copy = _context;
                    Interlocked.MemoryBarrier();
                    if (Volatile.Read(ref _contextVersion) == before) return copy;
                }
                spin.SpinOnce();
            }
        }
    }

    public void OnEvent(ref MarketEvent evt, long sequence, bool endOfBatch)
    {
        _slots++;
        if (evt.Kind == EventKind.Gap) { _gaps++; return; }
        if (evt.Kind is EventKind.Rejected or EventKind.None) return;
        if (evt.Model.Duplicate) _duplicates++;
        long t = evt.EventTimeMs;
        if (t > _lastEventTimeMs) _lastEventTimeMs = t;
        if (evt.Model.Volatility.BtcPrice > 0)
        {
            ref readonly var r = ref evt.Model.Regime;
            var context = new MarketContext(r.Regime, r.VolatilityRegime, evt.Model.Volatility.BtcPrice,
                evt.Model.Volatility.RiskMultiplier, evt.Model.Volatility.Vol5mPct,
                r.Liquidity, r.Trend, r.Confidence, r.PositionSizeMultiplier, r.StopLossMultiplier);
            // Stored only when it changed (BTC's price moves on BTC events only): the fence is not paid on every slot.
            if (!context.Equals(_context))
            {
                Volatile.Write(ref _contextVersion, _contextVersion + 1);
                Interlocked.MemoryBarrier();
                _context = context;
                Volatile.Write(ref _contextVersion, _contextVersion + 1);
            }
        }
        if (!evt.Signal.Generated) return;
        Stats.Record(ref evt);
        if ((uint)evt.SymbolId >= (uint)_symbols.Length) return;
        var s = _symbols[evt.SymbolId] ??= new SymbolState();
        s.Level = evt.Signal.Level;
        s.Probability = evt.Signal.Probability;
        s.EventTimeMs = t;
        s.History[s.Next % HistoryLength] = evt.Signal.Probability;
        s.Next++;
        s.Signals++;
    }

    /// <summary>Symbols that have produced at least one signal, with their latest level and recent probabilities (oldest first).</summary>
    public IReadOnlyList<SymbolSignal> SymbolSignals(SymbolTable symbols)
    {
        var list = new List<SymbolSignal>();
        int n = Math.Min(symbols.Count, _symbols.Length);
        for (int id = 0; id < n; id++)
        {
            var s = Volatile.Read(ref _symbols[id]);
            if (s is null) continue;
            long count = s.Next;
            if (count == 0) continue;
            int len = (int)Math.Min(count, HistoryLength);
            var history = new double[len];
            for (int k = 0; k < len; k++) history[k] = s.History[(count - len + k) % HistoryLength];
            list.Add(new SymbolSignal(symbols.NameOf(id), s.Level, s.Probability, s.EventTimeMs, s.Signals, history));
        }
        return list;
    }

    private sealed class SymbolState
    {
        public SignalLevel Level;
        public double Probability;
        public long EventTimeMs;
        public long Signals;
        public long Next;
        public readonly double[] History = new double[HistoryLength];
    }
}

/// <summary>The latest market context: the regime detector's output with the trading adjustments of the composite regime's row.</summary>
public readonly record struct MarketContext(MarketRegime Regime, MarketRegime VolatilityRegime, double BtcPrice, double RiskMultiplier, double Vol5mPct,
    LiquidityRegime Liquidity = LiquidityRegime.Normal, TrendRegime Trend = TrendRegime.Ranging, double Confidence = 0,
    double PositionSizeMultiplier = 1, double StopLossMultiplier = 1);

public sealed record SymbolSignal(string Symbol, SignalLevel Level, double Probability, long EventTimeMs, long Signals, double[] RecentProbabilities);
