using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's velocity tracker: per symbol and per venue liquidation rates over the four windows, acceleration,
/// USD volume rate, long/short share, venue correlation and leading venue, each symbol's long-horizon
/// baseline, and the market-wide aggregate across symbols (rates, breadth). All state is preallocated for the
/// symbol capacity; single-threaded (the velocity stage's thread).
/// </summary>
public sealed class VelocityTracker
{
    private readonly CascadeModelOptions _options;
    private readonly LiquidationWindow[] _symbols;
    private readonly ExchangeActivity[] _symbolVenues;
    private readonly DuplicateFilter[] _dedup;
    private readonly LiquidationWindow _market;
    private readonly ExchangeActivity _marketVenues;
    private readonly BreadthWindow _breadth;
    private readonly double _tau;
    private long _originMs = long.MinValue;

    public VelocityTracker(int symbolCapacity, CascadeModelOptions options)
    {
        _options = options;
        _tau = options.Baseline.HorizonSeconds;
        _symbols = new LiquidationWindow[symbolCapacity];
        _symbolVenues = new ExchangeActivity[symbolCapacity];
        _dedup = new DuplicateFilter[symbolCapacity];
        for (int i = 0; i < symbolCapacity; i++)
        {
            _symbols[i] = new LiquidationWindow(options.Windows);
            _symbolVenues[i] = new ExchangeActivity(options.Windows);
            _dedup[i] = new DuplicateFilter();
        }
        _market = new LiquidationWindow(options.Windows);
        _marketVenues = new ExchangeActivity(options.Windows);
        _breadth = new BreadthWindow(symbolCapacity, options.Market.WindowSeconds, options.Baseline.HorizonSeconds);
    }

    public int Capacity => _symbols.Length;
    /// <summary>Liquidations counted (duplicates excluded).</summary>
    public long Counted { get; private set; }
    public long Duplicates { get; private set; }

    /// <summary>Counts a liquidation unless it is a duplicate; returns false for a duplicate. The symbol id must be in range.</summary>
    public bool AddLiquidation(ref MarketEvent e)
    {
        int id = e.SymbolId;
        if (_dedup[id].IsDuplicate(ref e, _options.DedupWindowMs))
        {
            Duplicates++;
            return false;
        }
        long t = e.EventTimeMs;
        double usd = e.NotionalUsd > 0 ? e.NotionalUsd : e.Price * e.Quantity;
        bool isLong = e.Side == Side.Long;
        if (_originMs == long.MinValue || t < _originMs) _originMs = t;
        _symbols[id].Add(t, usd, isLong, _tau, BaselineCap(_symbols[id], t));
        _symbolVenues[id].Add(e.Exchange, t);
        _market.Add(t, usd, isLong, _tau, BaselineCap(_market, t));
        _marketVenues.Add(e.Exchange, t);
        _breadth.Seen(id);
        if (CountsForBreadth(_symbols[id], t)) _breadth.Add(id, t);
        Counted++;
        return true;
    }

    // With a burst multiple set, a symbol counts in the breadth only while it is itself bursting (its short-window
    // rate a multiple of its own baseline): a busy but ordinary market is then not "broad", a cascade is.
    private bool CountsForBreadth(LiquidationWindow w, long t)
    {
        var m = _options.Market;
        if (m.BurstMultiple <= 0) return true;
        return w.CountShort >= m.BurstMinEvents && w.VelocityShort >= m.BurstMultiple * w.BaselineRate.Rate(t, _tau, _originMs);
    }

    // The rate above which a burst is damped in its own baseline: the shipped velocity scale (0 = no cap).
    private double BaselineCap(LiquidationWindow w, long t)
    {
        var b = _options.Baseline;
        if (!b.Enabled || b.BurstCapMultiple <= 0) return 0;
        return Math.Max(b.VelocityFloor, b.BurstCapMultiple * w.BaselineRate.Rate(t, _tau, _originMs));
    }

    /// <summary>
    /// A symbol's liquidations per second on one venue over the short window (read at the time of the last
    /// <see cref="Snapshot"/> or liquidation of that symbol).
    /// </summary>
    public double VenueVelocity(int symbolId, Exchange venue) => _symbolVenues[symbolId].VelocityShort(venue);

    /// <summary>The market's liquidations per second on one venue over the short window.</summary>
    public double MarketVenueVelocity(Exchange venue) => _marketVenues.VelocityShort(venue);

    /// <summary>Advances the symbol's and the market's windows to <paramref name="timeMs"/> and reads them.</summary>
    public void Snapshot(int symbolId, long timeMs, ref VelocitySnapshot s)
    {
        // Baselines are averaged from the first event the model saw, for every symbol alike: a symbol's first
        // burst must not become its own baseline.
        if (_originMs == long.MinValue || timeMs < _originMs) _originMs = timeMs;
        long second = EventClock.Second(timeMs);
        var w = _symbols[symbolId];
        var venues = _symbolVenues[symbolId];
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
        s.BaselineRate = w.BaselineRate.Rate(timeMs, _tau, _originMs);
        s.BaselineVolumeUsdPerSec = w.BaselineVolume.Rate(timeMs, _tau, _originMs);
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
    }
}
