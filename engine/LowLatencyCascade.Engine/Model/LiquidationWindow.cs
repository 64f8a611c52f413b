namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Per-second liquidation counts, USD volume and long counts in a ring covering the longest window, with a
/// running sum per window, so adding an event and reading a rate are O(1) and advancing time is O(1)
/// amortized (each second is cleared once). Used per symbol and for the market-wide aggregate.
/// A late event (earlier than the newest second seen) is counted in the newest second.
/// </summary>
internal sealed class LiquidationWindow
{
    private readonly int _short, _medium, _minute, _long;
    private readonly int _ring;
    private readonly int[] _counts;
    private readonly long[] _volumeCents;
    private readonly int[] _longs;
    private long _head = long.MinValue;
    private int _cShort, _cPrevShort, _cMedium, _cMinute, _cLong, _longMinute, _longShort;
    private long _vShortCents;

    public EwmaRate BaselineRate;
    public EwmaRate BaselineVolume;

    public LiquidationWindow(WindowOptions w)
    {
        _short = w.VelocityShortSeconds;
        _medium = w.VelocityMediumSeconds;
        _minute = w.VelocityMinuteSeconds;
        _long = w.VelocityLongSeconds;
        _ring = Math.Max(_long, 2 * _short) + 1;
        _counts = new int[_ring];
        _volumeCents = new long[_ring];
        _longs = new int[_ring];
    }

    /// <summary>
    /// Counts a liquidation. The baselines take it in full only while the short-window rate is at most
    /// <paramref name="baselineCapRate"/> (events/s; 0 = no cap); above it, with the weight that keeps the
    /// baseline's intake at the cap: a burst raises its own yardstick no faster than a rate at the cap would,
    /// so the next cascade half an hour later is still measured against the quiet market.
    /// </summary>
    public void Add(long timeMs, double usd, bool isLong, double baselineTauSeconds, double baselineCapRate = 0)
    {
        AdvanceTo(EventClock.Second(timeMs));
        int i = EventClock.Index(_head, _ring);
        long cents = (long)Math.Round(Math.Max(0, usd) * 100);
        _counts[i]++;
        _volumeCents[i] += cents;
        _cShort++; _cMedium++; _cMinute++; _cLong++;
        _vShortCents += cents;
        if (isLong) { _longs[i]++; _longMinute++; _longShort++; }
        double weight = baselineCapRate > 0 && _cShort > baselineCapRate * _short ? baselineCapRate * _short / _cShort : 1.0;
        BaselineRate.Add(weight, timeMs, baselineTauSeconds);
        BaselineVolume.Add(weight * cents / 100.0, timeMs, baselineTauSeconds);
    }

    public void AdvanceTo(long second)
    {
        if (_head == long.MinValue) { _head = second; return; }
        if (second <= _head) return;
        if (second - _head >= _ring)
        {
            Array.Clear(_counts);
            Array.Clear(_volumeCents);
            Array.Clear(_longs);
            _cShort = _cPrevShort = _cMedium = _cMinute = _cLong = _longMinute = _longShort = 0;
            _vShortCents = 0;
            _head = second;
            return;
        }
        for (long s = _head + 1; s <= second; s++)
        {
            int leavingShort = EventClock.Index(s - _short, _ring);
            _cShort -= _counts[leavingShort];
            _longShort -= _longs[leavingShort];
            _vShortCents -= _volumeCents[leavingShort];
            _cPrevShort += _counts[leavingShort] - _counts[EventClock.Index(s - 2 * _short, _ring)];
            _cMedium -= _counts[EventClock.Index(s - _medium, _ring)];
            int leavingMinute = EventClock.Index(s - _minute, _ring);
            _cMinute -= _counts[leavingMinute];
            _longMinute -= _longs[leavingMinute];
            _cLong -= _counts[EventClock.Index(s - _long, _ring)];
            int entering = EventClock.Index(s, _ring); // the slot of second s - ring: out of every window by now
            _counts[entering] = 0;
            _volumeCents[entering] = 0;
            _longs[entering] = 0;
        }
        _head = second;
    }

    public void WriteState(BinaryWriter w)
    {
        StateIo.Tag(w, 0x4C57494E);
        w.Write(_head);
        w.Write(_cShort); w.Write(_cPrevShort); w.Write(_cMedium); w.Write(_cMinute); w.Write(_cLong); w.Write(_longMinute);
        w.Write(_vShortCents);
        StateIo.Write(w, _counts);
        StateIo.Write(w, _volumeCents);
        StateIo.Write(w, _longs);
        BaselineRate.WriteState(w);
        BaselineVolume.WriteState(w);
    }

    public void ReadState(BinaryReader r)
    {
        StateIo.Tag(r, 0x4C57494E);
        _head = r.ReadInt64();
        _cShort = r.ReadInt32(); _cPrevShort = r.ReadInt32(); _cMedium = r.ReadInt32(); _cMinute = r.ReadInt32(); _cLong = r.ReadInt32(); _longMinute = r.ReadInt32();
        _vShortCents = r.ReadInt64();
        StateIo.Read(r, _counts);
        StateIo.Read(r, _volumeCents);
        StateIo.Read(r, _longs);
        BaselineRate.ReadState(r);
        BaselineVolume.ReadState(r);
        // Not in the state format: the short window's longs are the last short seconds of the ring.
        _longShort = 0;
        if (_head != long.MinValue)
        {
            for (long sec = _head - _short + 1; sec <= _head; sec++) _longShort += _longs[EventClock.Index(sec, _ring)];
        }
    }

    public double VelocityShort => (double)_cShort / _short;
    public int CountShort => _cShort;
    public double VelocityMedium => (double)_cMedium / _medium;
    public double VelocityMinute => (double)_cMinute / _minute;
    public int CountMinute => _cMinute;
    public double VelocityLong => (double)_cLong / _long;
    /// <summary>Events/s²: (this short window's rate - the previous short window's rate) / the window length.</summary>
    public double Acceleration => (double)(_cShort - _cPrevShort) / _short / _short;
    public double VolumeUsdPerSec => _vShortCents / 100.0 / _short;
    public double LongShare => _cMinute > 0 ? (double)_longMinute / _cMinute : 0.5;
    /// <summary>Share of longs in the short window; 0.5 when none.</summary>
    public double LongShareShort => _cShort > 0 ? (double)_longShort / _cShort : 0.5;
}
