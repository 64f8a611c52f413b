using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's market regime detector: the volatility regime (from the volatility engine), the liquidity
/// regime (BTC trade volume relative to its own baseline, and BTC's spread in bps from best bid/ask), the
/// trend regime (momentum, short against long moving average), the composite regime (volatility shifted one
/// step by liquidity), its confidence, and that regime's row of the adaptive threshold table.
/// Single-threaded (the regime stage's thread); O(1) per event.
/// </summary>
public sealed class MarketRegimeDetector
{
    private readonly CascadeModelOptions _options;
    private readonly int _window;
    private readonly int _ring;
    private readonly long[] _volumeCents;
    private long _head = long.MinValue;
    private long _windowCents;
    private EwmaRate _volumeBaseline;
    private bool _hasVolume;
    private double _spreadBps;
    private bool _hasSpread;
    private long _originMs = long.MinValue;
    // BTC's book depth within 50 bps, summed over the venues' latest books, and its slow baseline (Model:Depth).
    private readonly double[] _venueDepthUsd = new double[ExchangeInfo.Count];
    private double _depthBaseline;
    private long _depthFirstMs = long.MinValue;
    private long _depthLastMs;

    public MarketRegimeDetector(CascadeModelOptions options)
    {
        _options = options;
        _window = options.Liquidity.VolumeWindowSeconds;
        _ring = _window + 1;
        _volumeCents = new long[_ring];
    }

    public void OnTrade(long timeMs, double notionalUsd)
    {
        if (!(notionalUsd > 0) || !double.IsFinite(notionalUsd)) return;
        AdvanceTo(timeMs);
        long cents = (long)Math.Round(notionalUsd * 100);
        _volumeCents[EventClock.Index(_head, _ring)] += cents;
        _windowCents += cents;
        _volumeBaseline.Add(notionalUsd, timeMs, _options.Liquidity.VolumeBaselineSeconds);
        _hasVolume = true;
    }

    public void OnBook(double bid, double ask)
    {
        if (!(bid > 0) || !(ask >= bid) || !double.IsFinite(ask)) return;
        double mid = (bid + ask) / 2;
        _spreadBps = (ask - bid) / mid * 10_000;
        _hasSpread = true;
    }

    /// <summary>One venue's BTC book summary: its USD within 50 bps joins the depth the liquidity regime reads; its touch is the spread.</summary>
    public void OnDepth(long timeMs, Exchange exchange, in BookDepth depth, double bid, double ask)
    {
        OnBook(bid, ask);
        if ((uint)exchange >= (uint)_venueDepthUsd.Length) return;
        _venueDepthUsd[(int)exchange] = depth.WideUsd;
        double total = 0;
        foreach (double usd in _venueDepthUsd) total += usd;
        if (_depthFirstMs == long.MinValue) { _depthFirstMs = timeMs; _depthLastMs = timeMs; _depthBaseline = total; return; }
        double dt = Math.Max(0, (timeMs - _depthLastMs) / 1000.0);
        if (timeMs > _depthLastMs) _depthLastMs = timeMs;
        _depthBaseline += (total - _depthBaseline) * (1 - Math.Exp(-dt / _options.Depth.BaselineSeconds));
    }

    /// <summary>BTC's book depth (within 50 bps, all venues) against its baseline; 0 without enough books.</summary>
    public double DepthRatio
    {
        get
        {
            if (_depthFirstMs == long.MinValue || (_depthLastMs - _depthFirstMs) / 1000.0 < _options.Depth.MinHistorySeconds || !(_depthBaseline > 0)) return 0;
            double total = 0;
            foreach (double usd in _venueDepthUsd) total += usd;
            return total / _depthBaseline;
        }
    }

    public void AdvanceTo(long timeMs)
    {
        long second = EventClock.Second(timeMs);
        if (_head == long.MinValue) { _head = second; return; }
        if (second <= _head) return;
        if (second - _head >= _ring)
        {
            Array.Clear(_volumeCents);
            _windowCents = 0;
            _head = second;
            return;
        }
        for (long s = _head + 1; s <= second; s++)
        {
            _windowCents -= _volumeCents[EventClock.Index(s - _window, _ring)];
            _volumeCents[EventClock.Index(s, _ring)] = 0;
        }
        _head = second;
    }

    public void WriteState(BinaryWriter w)
    {
        StateIo.Tag(w, 0x52454744);
        w.Write(_head); w.Write(_windowCents); _volumeBaseline.WriteState(w); w.Write(_hasVolume);
        w.Write(_spreadBps); w.Write(_hasSpread); w.Write(_originMs);
        StateIo.Write(w, _volumeCents);
        StateIo.Write(w, _venueDepthUsd); w.Write(_depthBaseline); w.Write(_depthFirstMs); w.Write(_depthLastMs);
    }

    public void ReadState(BinaryReader r)
    {
        StateIo.Tag(r, 0x52454744);
        _head = r.ReadInt64(); _windowCents = r.ReadInt64(); _volumeBaseline.ReadState(r); _hasVolume = r.ReadBoolean();
        _spreadBps = r.ReadDouble(); _hasSpread = r.ReadBoolean(); _originMs = r.ReadInt64();
        StateIo.Read(r, _volumeCents);
        StateIo.Read(r, _venueDepthUsd); _depthBaseline = r.ReadDouble(); _depthFirstMs = r.ReadInt64(); _depthLastMs = r.ReadInt64();
    }

    /// <summary>Classifies the market as of <paramref name="timeMs"/> given the volatility stage's snapshot.</summary>
    public void Classify(long timeMs, in VolatilitySnapshot volatility, ref RegimeSnapshot r)
    {
        AdvanceTo(timeMs);
        if (_originMs == long.MinValue || timeMs < _originMs) _originMs = timeMs;
        var o = _options;
        double baseline = _volumeBaseline.Rate(timeMs, o.Liquidity.VolumeBaselineSeconds, _originMs);
        r.VolumeRatio = _hasVolume && baseline > 0 ? _windowCents / 100.0 / _window / baseline : 0;
        r.SpreadBps = _hasSpread ? _spreadBps : 0;
        r.VolatilityRegime = volatility.Regime;
        double depthRatio = o.Depth.Liquidity ? DepthRatio : 0;
        r.Liquidity = depthRatio > 0
            ? ClassifyLiquidityByDepth(depthRatio, _hasSpread, _spreadBps, o.Liquidity, o.Depth)
            : ClassifyLiquidity(_hasVolume, r.VolumeRatio, _hasSpread, _spreadBps, o.Liquidity);
        r.Trend = ClassifyTrend(volatility.MomentumPct, volatility.ShortMa, volatility.LongMa, o.Trend);
        r.LiquidityShift = LiquidityShift(r.Liquidity);
        r.Regime = MarketRegimes.Shift(volatility.Regime, r.LiquidityShift);
        r.Confidence = Confidence(r.Trend, o.Trend);
        var row = o.RegimeTable.Row(r.Regime);
        r.VelocityMultiplier = row.VelocityMultiplier;
        r.VolumeMultiplier = row.VolumeMultiplier;
        r.CascadeSensitivity = row.CascadeSensitivity;
        r.PositionSizeMultiplier = row.PositionSizeMultiplier;
        r.StopLossMultiplier = row.StopLossMultiplier;
    }

    /// <summary>
    /// The spec's rules, first match wins: ILLIQUID = very low volume and very wide spread; DEEP = high volume
    /// and tight spread; SHALLOW = low volume or wide spread; otherwise NORMAL. Without volume data volume
    /// counts as average; without a spread the spread counts as normal (neither tight nor wide).
    /// </summary>
    public static LiquidityRegime ClassifyLiquidity(bool hasVolume, double volumeRatio, bool hasSpread, double spreadBps, LiquidityOptions o)
    {
        bool veryLowVolume = hasVolume && volumeRatio < o.VeryLowVolumeRatio;
        bool lowVolume = hasVolume && volumeRatio < o.LowVolumeRatio;
        bool highVolume = hasVolume && volumeRatio >= o.HighVolumeRatio;
        bool tight = hasSpread && spreadBps < o.TightSpreadBps;
        bool wide = hasSpread && spreadBps > o.WideSpreadBps;
        bool veryWide = hasSpread && spreadBps > o.VeryWideSpreadBps;
        if (veryLowVolume && veryWide) return LiquidityRegime.Illiquid;
        if (highVolume && tight) return LiquidityRegime.Deep;
        if (lowVolume || wide) return LiquidityRegime.Shallow;
        return LiquidityRegime.Normal;
    }

    /// <summary>
    /// The spec's "market depth and spreads" with books: the same rules as <see cref="ClassifyLiquidity"/> with BTC's
    /// book depth against its baseline in place of volume: ILLIQUID = very thin books and very wide spread; DEEP =
    /// deep books and tight spread; SHALLOW = thin books or wide spread; otherwise NORMAL.
    /// </summary>
    public static LiquidityRegime ClassifyLiquidityByDepth(double depthRatio, bool hasSpread, double spreadBps, LiquidityOptions o, DepthOptions d)
    {
        bool tight = hasSpread && spreadBps < o.TightSpreadBps;
        bool wide = hasSpread && spreadBps > o.WideSpreadBps;
        bool veryWide = hasSpread && spreadBps > o.VeryWideSpreadBps;
        if (depthRatio < d.VeryThinRatio && veryWide) return LiquidityRegime.Illiquid;
        if (depthRatio >= d.DeepRatio && tight) return LiquidityRegime.Deep;
        if (depthRatio < d.ThinRatio || wide) return LiquidityRegime.Shallow;
        return LiquidityRegime.Normal;
    }

    /// <summary>The spec's trend rules: momentum beyond ±2 % (±5 % strong) confirmed by the moving averages; otherwise RANGING.</summary>
    public static TrendRegime ClassifyTrend(double momentumPct, double shortMa, double longMa, TrendOptions o)
    {
        if (shortMa > longMa)
        {
            if (momentumPct > o.StrongMomentumPct) return TrendRegime.StrongUp;
            if (momentumPct > o.MomentumPct) return TrendRegime.Up;
        }
        else if (shortMa < longMa)
        {
            if (momentumPct < -o.StrongMomentumPct) return TrendRegime.StrongDown;
            if (momentumPct < -o.MomentumPct) return TrendRegime.Down;
        }
        return TrendRegime.Ranging;
    }

    /// <summary>ILLIQUID amplifies the volatility regime one step, DEEP dampens it one step.</summary>
    public static sbyte LiquidityShift(LiquidityRegime l) => l switch
    {
        LiquidityRegime.Illiquid => 1,
        LiquidityRegime.Deep => -1,
        _ => 0,
    };

    public static double Confidence(TrendRegime t, TrendOptions o) =>
        Math.Min(1, o.ConfidenceBase + (t is TrendRegime.StrongUp or TrendRegime.StrongDown ? o.StrongTrendConfidenceBonus : 0));
}
