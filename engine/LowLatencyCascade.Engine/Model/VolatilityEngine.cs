using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's BTC volatility engine, on one-second closes in event time: realized volatility over the four
/// windows (<c>100 × sqrt(Σ r²)</c> of 1-second log returns, percent, not annualized), the volatility regime
/// from the 5-minute value, the cascade risk multiplier, and the price statistics the trend needs (momentum,
/// short and long moving averages). Sums are kept in fixed point so they are exact and drift-free, and every
/// update is O(1) amortized. Trades set a second's close; a mark price sets it only in a second without trades
/// (the two differ by the basis, which would read as volatility).
/// <para>Closes come from one reference venue at a time, for the same reason: BTC trades a few basis points apart
/// on Binance, Bybit and OKX, and a series that took whichever venue printed last would read that basis as
/// returns. The reference is the first venue in <see cref="Exchange"/> order that prices (Binance, then Bybit,
/// then OKX: deepest first); another venue takes over when it ranks higher or when the reference has been silent
/// for <see cref="ReferenceSilenceMs"/>. The second of a hand-over counts no return (its move against the old
/// venue's close is part basis), so a switch never reads as volatility.</para>
/// </summary>
public sealed class VolatilityEngine
{
    private const double SquareScale = 1e14;   // r² units: a 0.001 bp return is still visible
    private const double PriceScale = 1e8;

    private readonly VolatilityOptions _o;
    private readonly int _w1, _w5, _w15, _w60, _short, _long, _momentum;
    private readonly int _ring;
    private readonly double[] _close;
    private readonly long[] _square;
    private readonly long[] _closeFixed;
    private long _head = long.MinValue;
    private int _history;
    private long _sq1, _sq5, _sq15, _sq60, _sumShort, _sumLong;
    private bool _tradeInHead;
    private long _lastPriceSecond = long.MinValue;
    private int _reference = -1;
    private long _referenceLastMs = long.MinValue;
    private long _rebaseSecond = long.MinValue;

    /// <summary>How long the reference venue may go without a BTC price before another venue takes over.</summary>
    public const long ReferenceSilenceMs = 5_000;

    public VolatilityEngine(CascadeModelOptions options)
    {
        _o = options.Volatility;
        var w = options.Windows;
        _w1 = w.Volatility1mSeconds;
        _w5 = w.Volatility5mSeconds;
        _w15 = w.Volatility15mSeconds;
        _w60 = w.Volatility60mSeconds;
        _short = options.Trend.ShortMaSeconds;
        _long = options.Trend.LongMaSeconds;
        _momentum = options.Trend.MomentumWindowSeconds;
        _ring = Math.Max(Math.Max(_w60, _long), Math.Max(_momentum, _short)) + 1;
        _close = new double[_ring];
        _square = new long[_ring];
        _closeFixed = new long[_ring];
    }

    public bool HasPrice => _history > 0;

    /// <summary>The venue whose closes the series takes now; null before the first price.</summary>
    public Exchange? ReferenceVenue => _reference < 0 ? null : (Exchange)_reference;

    /// <summary>A BTC trade or mark price from <paramref name="venue"/>; only the reference venue's set closes.</summary>
    public void OnPrice(long timeMs, double price, bool isTrade, Exchange venue = Exchange.Binance)
    {
        if (!(price > 0) || !double.IsFinite(price)) return;
        int v = (int)venue;
        bool handOver = false;
        if (v != _reference)
        {
            if (_reference >= 0 && v > _reference && timeMs - _referenceLastMs < ReferenceSilenceMs)
            {
                AdvanceTo(timeMs);
                return;
            }
            handOver = _reference >= 0;
            _reference = v;
        }
        if (timeMs > _referenceLastMs) _referenceLastMs = timeMs;
        long second = EventClock.Second(timeMs);
        if (second > _lastPriceSecond) _lastPriceSecond = second;
        if (_history == 0)
        {
            _head = second;
            SetClose(EventClock.Index(second, _ring), price, first: true);
            _history = 1;
            _tradeInHead = isTrade;
            return;
        }
        AdvanceTo(timeMs);
        if (handOver)
        {
            _rebaseSecond = _head;
            _tradeInHead = false;
        }
        if (!isTrade && _tradeInHead) return;
        _tradeInHead |= isTrade;
        SetClose(EventClock.Index(_head, _ring), price, first: false);
    }

    /// <summary>Moves the clock forward: seconds without a price repeat the last close (a zero return).</summary>
    public void AdvanceTo(long timeMs)
    {
        if (_history == 0) return;
        long second = EventClock.Second(timeMs);
        if (second <= _head) return;
        if (second - _head >= _ring)
        {
            // Longer than every window without a price: start over from the last close.
            double last = _close[EventClock.Index(_head, _ring)];
            Array.Clear(_close); Array.Clear(_square); Array.Clear(_closeFixed);
            _sq1 = _sq5 = _sq15 = _sq60 = _sumShort = _sumLong = 0;
            _head = second;
            _history = 0;
            SetClose(EventClock.Index(second, _ring), last, first: true);
            _history = 1;
            _tradeInHead = false;
            return;
        }
        for (long s = _head + 1; s <= second; s++)
        {
            _sq1 -= _square[EventClock.Index(s - _w1, _ring)];
            _sq5 -= _square[EventClock.Index(s - _w5, _ring)];
            _sq15 -= _square[EventClock.Index(s - _w15, _ring)];
            _sq60 -= _square[EventClock.Index(s - _w60, _ring)];
            _sumShort -= _closeFixed[EventClock.Index(s - _short, _ring)];
            _sumLong -= _closeFixed[EventClock.Index(s - _long, _ring)];
            int prev = EventClock.Index(s - 1, _ring);
            int i = EventClock.Index(s, _ring);
            _close[i] = _close[prev];
            _square[i] = 0;
            _closeFixed[i] = _closeFixed[prev];
            _sumShort += _closeFixed[i];
            _sumLong += _closeFixed[i];
            if (_history < _ring) _history++;
        }
        _head = second;
        _tradeInHead = false;
    }

    public void Snapshot(ref VolatilitySnapshot s)
    {
        if (_history < 2 || _head - _lastPriceSecond >= _w5)
        {
            // No price movement seen yet, or the feed went silent for a whole 5-minute window: volatility is
            // unknown, not low.
            s = default;
            s.BtcPrice = _history == 0 ? 0 : _close[EventClock.Index(_head, _ring)];
            s.ShortMa = s.LongMa = s.BtcPrice;
            s.HistorySeconds = _history;
            s.Regime = MarketRegime.Normal;
            s.RiskMultiplier = 1.0;
            return;
        }
        int h = EventClock.Index(_head, _ring);
        s.BtcPrice = _close[h];
        s.Vol1mPct = Percent(_sq1);
        s.Vol5mPct = Percent(_sq5);
        s.Vol15mPct = Percent(_sq15);
        s.Vol60mPct = Percent(_sq60);
        s.Regime = Classify(s.Vol5mPct, _o);
        s.RiskMultiplier = RiskMultiplier(s.Vol5mPct, _o);
        int back = Math.Min(_momentum, _history - 1);
        double then = _close[EventClock.Index(_head - back, _ring)];
        s.MomentumPct = then > 0 ? (s.BtcPrice / then - 1) * 100 : 0;
        s.ShortMa = _sumShort / PriceScale / Math.Min(_short, _history);
        s.LongMa = _sumLong / PriceScale / Math.Min(_long, _history);
        s.HistorySeconds = _history;
    }

    public void WriteState(BinaryWriter w)
    {
        StateIo.Tag(w, 0x564F4C45);
        w.Write(_head); w.Write(_history);
        w.Write(_sq1); w.Write(_sq5); w.Write(_sq15); w.Write(_sq60); w.Write(_sumShort); w.Write(_sumLong);
        w.Write(_tradeInHead); w.Write(_lastPriceSecond); w.Write(_reference); w.Write(_referenceLastMs); w.Write(_rebaseSecond);
        StateIo.Write(w, _close);
        StateIo.Write(w, _square);
        StateIo.Write(w, _closeFixed);
    }

    public void ReadState(BinaryReader r)
    {
        StateIo.Tag(r, 0x564F4C45);
        _head = r.ReadInt64(); _history = r.ReadInt32();
        _sq1 = r.ReadInt64(); _sq5 = r.ReadInt64(); _sq15 = r.ReadInt64(); _sq60 = r.ReadInt64(); _sumShort = r.ReadInt64(); _sumLong = r.ReadInt64();
        _tradeInHead = r.ReadBoolean(); _lastPriceSecond = r.ReadInt64(); _reference = r.ReadInt32(); _referenceLastMs = r.ReadInt64(); _rebaseSecond = r.ReadInt64();
        StateIo.Read(r, _close);
        StateIo.Read(r, _square);
        StateIo.Read(r, _closeFixed);
    }

    /// <summary>The spec's bands on the 5-minute volatility (percent).</summary>
    public static MarketRegime Classify(double vol5mPct, VolatilityOptions o) =>
        vol5mPct < o.DormantBelowPct ? MarketRegime.Dormant
        : vol5mPct < o.LowBelowPct ? MarketRegime.Low
        : vol5mPct < o.NormalBelowPct ? MarketRegime.Normal
        : vol5mPct < o.ElevatedBelowPct ? MarketRegime.Elevated
        : vol5mPct < o.HighBelowPct ? MarketRegime.High
        : MarketRegime.Extreme;

    /// <summary>5-minute volatility relative to the reference, clamped: 1 at the reference volatility.</summary>
    public static double RiskMultiplier(double vol5mPct, VolatilityOptions o) =>
        Math.Clamp(vol5mPct / o.ReferenceVol5mPct, o.MinRiskMultiplier, o.MaxRiskMultiplier);

    private void SetClose(int i, double price, bool first)
    {
        long fixedPrice = (long)Math.Round(price * PriceScale);
        if (!first)
        {
            double previous = _close[EventClock.Index(_head - 1, _ring)];
            long square = 0;
            if (_history > 1 && previous > 0 && _head != _rebaseSecond)
            {
                double r = Math.Log(price / previous);
                square = (long)Math.Round(r * r * SquareScale);
            }
            long delta = square - _square[i];
            _sq1 += delta; _sq5 += delta; _sq15 += delta; _sq60 += delta;
            _square[i] = square;
            long closeDelta = fixedPrice - _closeFixed[i];
            _sumShort += closeDelta;
            _sumLong += closeDelta;
        }
        else
        {
            _sumShort += fixedPrice;
            _sumLong += fixedPrice;
        }
        _close[i] = price;
        _closeFixed[i] = fixedPrice;
    }

    private static double Percent(long squares) => squares <= 0 ? 0 : 100 * Math.Sqrt(squares / SquareScale);
}
