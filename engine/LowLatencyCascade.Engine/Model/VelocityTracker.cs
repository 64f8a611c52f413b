using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's velocity tracker: per symbol and per venue liquidation rates over the four windows, acceleration,
/// USD volume rate, long/short share, venue correlation and leading venue, each symbol's long-horizon
/// baseline, and the market-wide aggregate across symbols (rates, breadth). A symbol's state (about 7 KiB) is
/// allocated on its first event and reused from then on, so a run subscribed to hundreds of symbols of which a
/// few trade holds state for those few, and the steady state allocates nothing; single-threaded (the velocity
/// stage's thread).
/// </summary>
public sealed class VelocityTracker
{
    private readonly CascadeModelOptions _options;
    /// <summary>Per symbol id: null until the symbol's first event (<see cref="StateOf"/>).</summary>
    private readonly SymbolVelocityState?[] _states;
    private SymbolVelocityState? _empty;
    private readonly LiquidationWindow _market;
    private readonly ExchangeActivity _marketVenues;
    private readonly BreadthWindow _breadth;
    private readonly double _tau;
    private readonly SymbolTable? _names;
    private readonly SymbolPriors? _priors;
    private long _originMs = long.MinValue;

    /// <param name="names">Names the symbol ids for their <see cref="PriorOptions"/> tier; null puts every symbol in the small tier.</param>
    public VelocityTracker(int symbolCapacity, CascadeModelOptions options, SymbolTable? names = null)
    {
        _options = options;
        _tau = options.Baseline.HorizonSeconds;
        _names = names;
        _priors = options.Priors.Enabled ? new SymbolPriors(options.Priors) : null;
        _states = new SymbolVelocityState?[symbolCapacity];
        _market = new LiquidationWindow(options.Windows);
        _marketVenues = new ExchangeActivity(options.Windows);
        _breadth = new BreadthWindow(symbolCapacity, options.Market.WindowSeconds, options.Baseline.HorizonSeconds);
    }

    public int Capacity => _states.Length;

    /// <summary>Symbols whose state has been allocated (those that had an event, or a restored state).</summary>
    public int SymbolsAllocated { get; private set; }

    /// <summary>The symbol's state, allocated on first use (once per symbol: the steady state allocates nothing).</summary>
    private SymbolVelocityState StateOf(int id) => _states[id] ?? Allocate(id);

    private SymbolVelocityState Allocate(int id)
    {
        var state = new SymbolVelocityState(_options.Windows);
        _states[id] = state;
        SymbolsAllocated++;
        return state;
    }

    /// <summary>The allocated state object of a symbol, or null (tests: the same instance on every event).</summary>
    internal object? StateObject(int symbolId) => _states[symbolId];
    /// <summary>Liquidations counted (duplicates excluded).</summary>
    public long Counted { get; private set; }
    public long Duplicates { get; private set; }

    /// <summary>Counts a liquidation unless it is a duplicate; returns false for a duplicate. The symbol id must be in range.</summary>
    public bool AddLiquidation(ref MarketEvent e)
    {
        int id = e.SymbolId;
        var state = StateOf(id);
        if (state.Dedup.IsDuplicate(ref e, _options.DedupWindowMs))
        {
            Duplicates++;
            return false;
        }
        long t = e.EventTimeMs;
        double usd = e.NotionalUsd > 0 ? e.NotionalUsd : e.Price * e.Quantity;
        bool isLong = e.Side == Side.Long;
        if (_originMs == long.MinValue || t < _originMs) _originMs = t;
        state.Window.Add(t, usd, isLong, _tau, BaselineCap(state, id, t));
        state.Venues.Add(e.Exchange, t);
        _market.Add(t, usd, isLong, _tau, MarketBaselineCap(t));
        _marketVenues.Add(e.Exchange, t);
        _breadth.Seen(id);
        if (CountsForBreadth(state, id, t)) _breadth.Add(id, t);
        Counted++;
        return true;
    }

    // With a burst multiple set, a symbol counts in the breadth only while it is itself bursting (its short-window
    // rate a multiple of its own baseline): a busy but ordinary market is then not "broad", a cascade is.
    private bool CountsForBreadth(SymbolVelocityState state, int id, long t)
    {
        var m = _options.Market;
        if (m.BurstMultiple <= 0) return true;
        var w = state.Window;
        if (w.CountShort < m.BurstMinEvents || w.VelocityShort < m.BurstMultiple * BaselineRateOf(state, id, t)) return false;
        // A burst that liquidates both sides alike (a volatility shock) is not forced selling: not counted, once the
        // minute holds enough liquidations to judge (Model:Signature:SideMinEvents).
        if (m.BurstMinSideShare > 0.5 && w.CountMinute >= _options.Signature.SideMinEvents
            && Math.Max(w.LongShare, 1 - w.LongShare) < m.BurstMinSideShare) return false;
        // The same judged on the short window alone (a shock right after a one-sided cascade: the minute still
        // holds the cascade's side), when Signature:ShortWindowSide is on.
        if (m.BurstMinSideShare > 0.5 && _options.Signature.ShortWindowSide && w.CountShort >= _options.Signature.SideMinEvents
            && Math.Max(w.LongShareShort, 1 - w.LongShareShort) < m.BurstMinSideShare) return false;
        return true;
    }

    // The rate above which a burst is damped in its own baseline: the shipped velocity scale (0 = no cap).
    private double BaselineCap(SymbolVelocityState state, int id, long t)
    {
        var b = _options.Baseline;
        if (!b.Enabled || b.BurstCapMultiple <= 0) return 0;
        return Math.Max(b.VelocityFloor, b.BurstCapMultiple * BaselineRateOf(state, id, t));
    }

    private double MarketBaselineCap(long t)
    {
        var b = _options.Baseline;
        if (!b.Enabled || b.BurstCapMultiple <= 0) return 0;
        return Math.Max(b.VelocityFloor, b.BurstCapMultiple * _market.BaselineRate.Rate(t, _tau, _originMs));
    }

    /// <summary>The symbol's baseline liquidation rate: observed, blended with its tier's prior (<see cref="PriorOptions"/>).</summary>
    private double BaselineRateOf(SymbolVelocityState state, int id, long t)
    {
        if (!state.PriorResolved) ResolvePrior(state, id);
        return WithPrior(state.Window.BaselineRate.Rate(t, _tau, _originMs), state.PriorRate, t);
    }

    private double BaselineVolumeOf(SymbolVelocityState state, int id, long t)
    {
        if (!state.PriorResolved) ResolvePrior(state, id);
        return WithPrior(state.Window.BaselineVolume.Rate(t, _tau, _originMs), state.PriorVolume, t);
    }

    private double WithPrior(double observed, double prior, long t)
    {
        if (_priors is null) return observed;
        double seen = _originMs == long.MinValue ? 0 : Math.Max(0, (t - _originMs) / 1000.0);
        // The prior's weight shrinks to nothing by the end of the warm-up: a warm model's baselines are its own.
        double warmup = _options.WarmupSeconds;
        double weight = warmup > 0 ? _options.Priors.WeightSeconds * Math.Max(0, 1 - seen / warmup) : 0;
        return weight > 0 ? (observed * seen + prior * weight) / (seen + weight) : observed;
    }

    // Once per symbol: the tiers are keyed by name, the hot path by id.
    private void ResolvePrior(SymbolVelocityState state, int id)
    {
        state.PriorResolved = true;
        if (_priors is null) return;
        var tier = _names is not null && (uint)id < (uint)_names.Count ? _priors.TierOf(_names.NameOf(id)) : _options.Priors.Small;
        state.PriorRate = tier.RatePerSecond;
        state.PriorVolume = tier.VolumeUsdPerSecond;
    }

    /// <summary>Writes the tracker's state: the first <paramref name="symbols"/> symbols, the market, the breadth.</summary>
    public void WriteState(BinaryWriter w, int symbols)
    {
        symbols = Math.Min(symbols, Capacity);
        StateIo.Tag(w, 0x56454C54);
        w.Write(_originMs);
        w.Write(Counted);
        w.Write(Duplicates);
        w.Write(symbols);
        for (int i = 0; i < symbols; i++)
        {
            // A symbol that never had an event is written as a fresh state (the same bytes as before the state
            // was lazy), from one shared instance that is never changed.
            var s = _states[i] ?? (_empty ??= new SymbolVelocityState(_options.Windows));
            s.Window.WriteState(w);
            s.Venues.WriteState(w);
            s.Dedup.WriteState(w);
        }
        _market.WriteState(w);
        _marketVenues.WriteState(w);
        _breadth.WriteState(w, symbols);
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote; <paramref name="map"/> turns a saved symbol id into this model's (-1: not kept).</summary>
    public void ReadState(BinaryReader r, int[] map)
    {
        StateIo.Tag(r, 0x56454C54);
        _originMs = r.ReadInt64();
        Counted = r.ReadInt64();
        Duplicates = r.ReadInt64();
        int symbols = r.ReadInt32();
        if (symbols < 0 || symbols > map.Length) throw new InvalidDataException($"velocity state for {symbols} symbols, {map.Length} named");
        SymbolVelocityState? scratch = null;
        for (int i = 0; i < symbols; i++)
        {
            int id = map[i];
            var s = id >= 0 && id < Capacity ? StateOf(id) : scratch ??= new SymbolVelocityState(_options.Windows);
            s.Window.ReadState(r);
            s.Venues.ReadState(r);
            s.Dedup.ReadState(r);
        }
        _market.ReadState(r);
        _marketVenues.ReadState(r);
        _breadth.ReadState(r, map);
    }

    /// <summary>
    /// A symbol's liquidations per second on one venue over the short window (read at the time of the last
    /// <see cref="Snapshot"/> or liquidation of that symbol).
    /// </summary>
    public double VenueVelocity(int symbolId, Exchange venue) => _states[symbolId] is { } s ? s.Venues.VelocityShort(venue) : 0;

    /// <summary>The market's liquidations per second on one venue over the short window.</summary>
    public double MarketVenueVelocity(Exchange venue) => _marketVenues.VelocityShort(venue);

    /// <summary>Advances the symbol's and the market's windows to <paramref name="timeMs"/> and reads them.</summary>
    public void Snapshot(int symbolId, long timeMs, ref VelocitySnapshot s)
    {
        // Baselines are averaged from the first event the model saw, for every symbol alike: a symbol's first
        // burst must not become its own baseline.
        if (_originMs == long.MinValue || timeMs < _originMs) _originMs = timeMs;
        long second = EventClock.Second(timeMs);
        var state = StateOf(symbolId);
        var w = state.Window;
        var venues = state.Venues;
        w.AdvanceTo(second);
        venues.AdvanceTo(second);
        _market.AdvanceTo(second);
        _marketVenues.AdvanceTo(second);
        _breadth.AdvanceTo(second);

        s.Velocity10s = w.VelocityShort;
        s.Velocity30s = w.VelocityMedium;
        s.Velocity60s = w.VelocityMinute;
        s.Velocity300s = w.VelocityLong;
        s.Acceleration = w.Acceleration;
        s.VolumeUsdPerSec = w.VolumeUsdPerSec;
        s.LongShare = w.LongShare;
        s.Venues10s = venues.ActiveShort;
        s.BaselineRate = BaselineRateOf(state, symbolId, timeMs);
        s.BaselineVolumeUsdPerSec = BaselineVolumeOf(state, symbolId, timeMs);
        // A symbol traded on one venue has no venue pairs: its correlation is the market's.
        double own = venues.Correlation(out int pairs);
        s.ExchangeCorrelation = pairs > 0 ? own : _marketVenues.Correlation(out _);
        s.HasLeadingExchange = venues.TryGetLeading(timeMs, out s.LeadingExchange);
        s.MarketVelocity10s = _market.VelocityShort;
        s.MarketAcceleration = _market.Acceleration;
        s.MarketVolumeUsdPerSec = _market.VolumeUsdPerSec;
        s.MarketBaselineRate = _market.BaselineRate.Rate(timeMs, _tau, _originMs);
        s.MarketBreadth = _breadth.Distinct;
        s.MarketBreadthBaseline = _breadth.Baseline(timeMs, _originMs);
        s.MarketUniverse = _breadth.Universe;
        s.MarketVenues = _marketVenues.ActiveShort;
        s.MarketLongShare = _market.LongShare;
        s.MarketCountMinute = _market.CountMinute;
        s.LongShareShort = w.LongShareShort;
        s.MarketLongShareShort = _market.LongShareShort;
        s.MarketCountShort = _market.CountShort;
    }
}

/// <summary>What the velocity tracker keeps per symbol, allocated on the symbol's first event.</summary>
internal sealed class SymbolVelocityState(WindowOptions windows)
{
    public readonly LiquidationWindow Window = new(windows);
    public readonly ExchangeActivity Venues = new(windows);
    public readonly DuplicateFilter Dedup = new();
    public bool PriorResolved;
    public double PriorRate;
    public double PriorVolume;
}
