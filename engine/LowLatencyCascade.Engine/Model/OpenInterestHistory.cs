namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// A symbol's recent open-interest samples (polled every 10 to 60 s) and the fractional changes over the two
/// horizons, computed when a sample arrives (rare), so reading them is free. The change over H compares with
/// the newest sample at least 0.9 H old (polling jitter); 0 until such a sample exists.
/// </summary>
internal sealed class OpenInterestHistory
{
    private const int Depth = 64;
    private readonly long[] _times = new long[Depth];
    private readonly double[] _values = new double[Depth];
    private int _count;
    private int _next;

    public double ChangeShort { get; private set; }
    public double ChangeLong { get; private set; }

    public void Add(long timeMs, double openInterest, int shortSeconds, int longSeconds)
    {
        if (!(openInterest > 0) || !double.IsFinite(openInterest)) return;
        _times[_next] = timeMs;
        _values[_next] = openInterest;
        _next = (_next + 1) % Depth;
        if (_count < Depth) _count++;
        ChangeShort = Change(timeMs, openInterest, shortSeconds);
        ChangeLong = Change(timeMs, openInterest, longSeconds);
    }

    private double Change(long nowMs, double now, int horizonSeconds)
    {
        long cutoff = nowMs - horizonSeconds * 900L; // 0.9 × horizon, in ms
        for (int k = 1; k < _count; k++)
        {
            int i = (_next - 1 - k + Depth) % Depth;
            if (_times[i] <= cutoff) return now / _values[i] - 1;
        }
        return 0;
    }
}
