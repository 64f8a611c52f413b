namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// How many distinct symbols had a liquidation in the last window seconds, in O(1): each symbol is counted
/// in the second of its latest liquidation only, so a new liquidation moves the symbol's mark forward.
/// Also keeps the long-horizon mean of the breadth (sampled once a second): unlike the market's event rate,
/// it is bounded by the number of symbols, so a cascade barely moves its own yardstick.
/// </summary>
internal sealed class BreadthWindow
{
    private readonly int _window;
    private readonly int _ring;
    private readonly int[] _counts;
    private readonly long[] _lastSecond;
    private long _head = long.MinValue;
    private int _distinct;
    private readonly double _tauSeconds;
    private EwmaRate _baseline;

    public BreadthWindow(int symbolCapacity, int windowSeconds, double baselineTauSeconds)
    {
        _tauSeconds = baselineTauSeconds;
        _window = windowSeconds;
        _ring = windowSeconds + 1;
        _counts = new int[_ring];
        _lastSecond = new long[symbolCapacity];
        _seen = new bool[symbolCapacity];
        Array.Fill(_lastSecond, long.MinValue);
    }

    public int Distinct => _distinct;
    private readonly bool[] _seen;

    /// <summary>Distinct symbols ever <see cref="Seen">seen</see> liquidated (counted in the breadth or not).</summary>
    public int Universe { get; private set; }

    /// <summary>Notes a liquidated symbol for <see cref="Universe"/>.</summary>
    public void Seen(int symbolId)
    {
        if (_seen[symbolId]) return;
        _seen[symbolId] = true;
        Universe++;
    }

    /// <summary>Mean breadth over the baseline horizon, observed since <paramref name="originMs"/>.</summary>
    public double Baseline(long timeMs, long originMs) => _baseline.Rate(timeMs, _tauSeconds, originMs);

    public void Add(int symbolId, long timeMs)
    {
        AdvanceTo(EventClock.Second(timeMs));
        long previous = _lastSecond[symbolId];
        if (previous == _head) return;
        if (previous != long.MinValue && previous > _head - _window)
        {
            _counts[EventClock.Index(previous, _ring)]--;
            _distinct--;
        }
        _counts[EventClock.Index(_head, _ring)]++;
        _distinct++;
        _lastSecond[symbolId] = _head;
    }

    /// <summary>Writes the window and the first <paramref name="symbols"/> symbols' marks.</summary>
    public void WriteState(BinaryWriter w, int symbols)
    {
        StateIo.Tag(w, 0x42524454);
        w.Write(_head);
        w.Write(_distinct);
        w.Write(Universe);
        _baseline.WriteState(w);
        StateIo.Write(w, _counts);
        w.Write(symbols);
        for (int i = 0; i < symbols; i++) { w.Write(_lastSecond[i]); w.Write(_seen[i]); }
    }

    /// <summary>Reads what <see cref="WriteState"/> wrote; <paramref name="map"/> turns a saved symbol id into this model's (-1: not kept).</summary>
    public void ReadState(BinaryReader r, int[] map)
    {
        StateIo.Tag(r, 0x42524454);
        _head = r.ReadInt64();
        _distinct = r.ReadInt32();
        Universe = r.ReadInt32();
        _baseline.ReadState(r);
        StateIo.Read(r, _counts);
        int symbols = r.ReadInt32();
        if (symbols < 0 || symbols > map.Length) throw new InvalidDataException($"breadth state for {symbols} symbols, {map.Length} named");
        for (int i = 0; i < symbols; i++)
        {
            long last = r.ReadInt64();
            bool seen = r.ReadBoolean();
            int id = map[i];
            if (id < 0) continue;
            _lastSecond[id] = last;
            _seen[id] = seen;
        }
    }

    public void AdvanceTo(long second)
    {
        if (_head == long.MinValue) { _head = second; return; }
        if (second <= _head) return;
        if (second - _head >= _ring)
        {
            Array.Clear(_counts);
            _distinct = 0;
            _head = second;
            return;
        }
        for (long s = _head + 1; s <= second; s++)
        {
            // The second s - 1 is complete: sample its breadth.
            if (_distinct > 0) _baseline.Add(_distinct, (s - 1) * 1000, _tauSeconds);
            _distinct -= _counts[EventClock.Index(s - _window, _ring)];
            _counts[EventClock.Index(s, _ring)] = 0;
        }
        _head = second;
    }
}
