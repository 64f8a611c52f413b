using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Per-venue per-second liquidation counts over the correlation window, kept with running sums of x, x² and
/// x·y for every venue pair so the correlation is O(1) to update and to read; plus when each venue's current
/// burst started, for the leading exchange; and each venue's own count over the short velocity window.
/// </summary>
internal sealed class ExchangeActivity
{
    private const int N = ExchangeInfo.Count;
    private const int Pairs = N * (N - 1) / 2;

    private readonly int _window;
    private readonly int _short;
    private readonly int _ring;
    private readonly long _burstGapMs;
    private readonly int[] _counts;      // [venue * ring + index]
    private readonly int[] _countShort = new int[N];
    private readonly long[] _sx = new long[N];
    private readonly long[] _sxx = new long[N];
    private readonly long[] _sxy = new long[Pairs];
    private readonly long[] _lastMs = new long[N];
    private readonly long[] _burstStartMs = new long[N];
    private readonly bool[] _seen = new bool[N];
    private long _head = long.MinValue;

    public ExchangeActivity(WindowOptions w)
    {
        _window = w.CorrelationSeconds;
        _short = w.VelocityShortSeconds;
        _ring = Math.Max(_window, _short) + 1;
        _burstGapMs = w.BurstGapSeconds * 1000L;
        _counts = new int[N * _ring];
    }

    public void Add(Exchange venue, long timeMs)
    {
        int e = (int)venue;
        if ((uint)e >= N) return;
        AdvanceTo(EventClock.Second(timeMs));
        int i = EventClock.Index(_head, _ring);
        long x = _counts[e * _ring + i];
        _sx[e]++;
        _sxx[e] += 2 * x + 1;
        for (int f = 0; f < N; f++)
        {
            if (f != e) _sxy[Pair(e, f)] += _counts[f * _ring + i];
        }
        _counts[e * _ring + i]++;
        _countShort[e]++;
        if (!_seen[e] || timeMs - _lastMs[e] > _burstGapMs) _burstStartMs[e] = timeMs;
        if (!_seen[e] || timeMs > _lastMs[e]) _lastMs[e] = timeMs;
        _seen[e] = true;
    }

    public void AdvanceTo(long second)
    {
        if (_head == long.MinValue) { _head = second; return; }
        if (second <= _head) return;
        if (second - _head >= _ring)
        {
            Array.Clear(_counts);
            Array.Clear(_sx); Array.Clear(_sxx); Array.Clear(_sxy); Array.Clear(_countShort);
            _head = second;
            return;
        }
        for (long s = _head + 1; s <= second; s++)
        {
            int leavingShort = EventClock.Index(s - _short, _ring);
            for (int e = 0; e < N; e++) _countShort[e] -= _counts[e * _ring + leavingShort];
            int leaving = EventClock.Index(s - _window, _ring);
            for (int e = 0; e < N; e++)
            {
                long x = _counts[e * _ring + leaving];
                if (x == 0) continue;
                _sx[e] -= x;
                _sxx[e] -= x * x;
                for (int f = e + 1; f < N; f++) _sxy[Pair(e, f)] -= x * _counts[f * _ring + leaving];
            }
            int entering = EventClock.Index(s, _ring);
            for (int e = 0; e < N; e++) _counts[e * _ring + entering] = 0;
        }
        _head = second;
    }

    /// <summary>The venue's liquidations per second over the short velocity window.</summary>
    public double VelocityShort(Exchange venue) => (uint)venue < N ? (double)_countShort[(int)venue] / _short : 0;

    public void WriteState(BinaryWriter w)
    {
        StateIo.Tag(w, 0x45584143);
        w.Write(_head);
        StateIo.Write(w, _counts);
        StateIo.Write(w, _countShort);
        StateIo.Write(w, _sx);
        StateIo.Write(w, _sxx);
        StateIo.Write(w, _sxy);
        StateIo.Write(w, _lastMs);
        StateIo.Write(w, _burstStartMs);
        StateIo.Write(w, _seen);
    }

    public void ReadState(BinaryReader r)
    {
        StateIo.Tag(r, 0x45584143);
        _head = r.ReadInt64();
        StateIo.Read(r, _counts);
        StateIo.Read(r, _countShort);
        StateIo.Read(r, _sx);
        StateIo.Read(r, _sxx);
        StateIo.Read(r, _sxy);
        StateIo.Read(r, _lastMs);
        StateIo.Read(r, _burstStartMs);
        StateIo.Read(r, _seen);
    }

    /// <summary>Venues with a liquidation in the short velocity window.</summary>
    public int ActiveShort
    {
        get
        {
            int n = 0;
            for (int e = 0; e < N; e++) if (_countShort[e] > 0) n++;
            return n;
        }
    }

    /// <summary>Mean Pearson correlation over the venue pairs that both varied in the window; 0 when no pair did.</summary>
    public double Correlation(out int pairs)
    {
        double sum = 0;
        pairs = 0;
        double n = _window;
        for (int e = 0; e < N; e++)
        {
            double varE = _sxx[e] - _sx[e] * (double)_sx[e] / n;
            if (varE <= 0) continue;
            for (int f = e + 1; f < N; f++)
            {
                double varF = _sxx[f] - _sx[f] * (double)_sx[f] / n;
                if (varF <= 0) continue;
                double cov = _sxy[Pair(e, f)] - _sx[e] * (double)_sx[f] / n;
                sum += cov / Math.Sqrt(varE * varF);
                pairs++;
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    /// <summary>The venue, active within the window, whose current burst started first (ties: the lower venue id).</summary>
    public bool TryGetLeading(long nowMs, out Exchange leading)
    {
        leading = default;
        long best = long.MaxValue;
        long horizon = _window * 1000L;
        for (int e = 0; e < N; e++)
        {
            if (!_seen[e] || nowMs - _lastMs[e] > horizon) continue;
            if (_burstStartMs[e] < best) { best = _burstStartMs[e]; leading = (Exchange)e; }
        }
        return best != long.MaxValue;
    }

    private static int Pair(int e, int f)
    {
        if (e > f) (e, f) = (f, e);
        // (0,1)=0, (0,2)=1, (1,2)=2 for three venues; general upper-triangle index.
        return e * (2 * N - e - 1) / 2 + (f - e - 1);
    }
}
