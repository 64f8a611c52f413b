using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The depth-drain measure per symbol: the USD resting within 10 bps of the mid, summed over the venues' latest books,
/// followed by a fast average (<see cref="DepthOptions.FastSeconds"/>) and compared with its own slow baseline
/// (<see cref="DepthOptions.BaselineSeconds"/>): drain = max(0, 1 - fast / baseline). 0 = as deep as usual, 1 = empty
/// near the touch; -1 where no books (or not enough of them) have arrived. Flat preallocated arrays, O(1) per book,
/// no allocation. Single-threaded (the stage that owns it).
/// </summary>
public sealed class DepthDrain
{
    private const int Venues = 3;
    private readonly DepthOptions _o;
    private readonly double[] _venueUsd;
    private readonly double[] _fast;
    private readonly double[] _slow;
    private readonly long[] _lastMs;
    private readonly long[] _firstMs;

    public DepthDrain(DepthOptions options, int capacity)
    {
        _o = options;
        _venueUsd = new double[capacity * Venues];
        _fast = new double[capacity];
        _slow = new double[capacity];
        _lastMs = new long[capacity];
        _firstMs = new long[capacity];
        Array.Fill(_firstMs, long.MinValue);
    }

    public int Capacity => _fast.Length;

    /// <summary>Takes one venue's book summary for a symbol.</summary>
    public void OnDepth(int symbolId, Exchange exchange, long timeMs, in BookDepth depth)
    {
        if ((uint)symbolId >= (uint)_fast.Length) return;
        int v = (int)exchange;
        if ((uint)v >= Venues) return;
        _venueUsd[symbolId * Venues + v] = depth.NearUsd;
        double total = 0;
        for (int i = 0; i < Venues; i++) total += _venueUsd[symbolId * Venues + i];
        if (_firstMs[symbolId] == long.MinValue)
        {
            _firstMs[symbolId] = timeMs;
            _lastMs[symbolId] = timeMs;
            _fast[symbolId] = total;
            _slow[symbolId] = total;
            return;
        }
        double dt = Math.Max(0, (timeMs - _lastMs[symbolId]) / 1000.0);
        if (timeMs > _lastMs[symbolId]) _lastMs[symbolId] = timeMs;
        _fast[symbolId] += (total - _fast[symbolId]) * (1 - Math.Exp(-dt / _o.FastSeconds));
        _slow[symbolId] += (total - _slow[symbolId]) * (1 - Math.Exp(-dt / _o.BaselineSeconds));
    }

    /// <summary>The symbol's drain as of its last book: in [0, 1], or -1 without enough history.</summary>
    public double Drain(int symbolId)
    {
        if ((uint)symbolId >= (uint)_fast.Length || _firstMs[symbolId] == long.MinValue) return -1;
        if ((_lastMs[symbolId] - _firstMs[symbolId]) / 1000.0 < _o.MinHistorySeconds) return -1;
        double slow = _slow[symbolId];
        if (!(slow > 0)) return -1;
        return Math.Clamp(1 - _fast[symbolId] / slow, 0, 1);
    }

    /// <summary>The symbol's current near-touch depth (fast average, USD, all venues); 0 before its first book.</summary>
    public double NearUsd(int symbolId) => (uint)symbolId < (uint)_fast.Length ? _fast[symbolId] : 0;
}
