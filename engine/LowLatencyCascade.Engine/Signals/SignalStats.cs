using System.Diagnostics;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>
/// The spec's <c>get_stats()</c>: signals generated, critical signals (CRITICAL and above), per-level counts,
/// average processing time and a fixed-capacity ring of recent signals. One writer (the publishing thread)
/// calls <see cref="Record"/>, allocation-free; any thread may read. Percentiles are the latency histograms'
/// job: <see cref="ProcessingTimeMs"/> gives the raw per-signal value to record there.
/// </summary>
public sealed class SignalStats
{
    private readonly long[] _perLevel = new long[SignalLevels.Count];
    private readonly RecentSignal[] _recent;
    private readonly object _recentLock = new();
    private long _generated;
    private long _critical;
    private double _processingSumMs;
    private int _next;
    private int _count;

    public SignalStats(int recentCapacity = 100)
    {
        if (recentCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(recentCapacity), recentCapacity, "must be positive");
        _recent = new RecentSignal[recentCapacity];
    }

    public long SignalsGenerated => Volatile.Read(ref _generated);
    public long CriticalSignals => Volatile.Read(ref _critical);
    public long CountOf(SignalLevel level) => Volatile.Read(ref _perLevel[(int)level]);
    public double AverageProcessingTimeMs
    {
        get
        {
            long n = SignalsGenerated;
            return n == 0 ? 0 : Volatile.Read(ref _processingSumMs) / n;
        }
    }

    /// <summary>Scored minus ingress stamp, in milliseconds; 0 when either stamp is missing.</summary>
    public static double ProcessingTimeMs(ref MarketEvent slot)
    {
        long ingress = slot.Stamps.Ingress, scored = slot.Stamps.Scored;
        if (ingress == 0 || scored == 0 || scored < ingress) return 0;
        return (scored - ingress) * 1000.0 / Stopwatch.Frequency;
    }

    /// <summary>Counts the slot's signal when the scorer generated one; returns whether it did.</summary>
    public bool Record(ref MarketEvent slot)
    {
        if (!slot.Signal.Generated) return false;
        var level = slot.Signal.Level;
        double ms = ProcessingTimeMs(ref slot);
        Volatile.Write(ref _processingSumMs, _processingSumMs + ms);
        Volatile.Write(ref _perLevel[(int)level], _perLevel[(int)level] + 1);
        if (level >= SignalLevel.Critical) Volatile.Write(ref _critical, _critical + 1);
        Volatile.Write(ref _generated, _generated + 1);
        lock (_recentLock)
        {
            _recent[_next] = new RecentSignal(slot.SymbolId, slot.EventTimeMs, level, slot.Signal.Probability, ms);
            _next = (_next + 1) % _recent.Length;
            if (_count < _recent.Length) _count++;
        }
        return true;
    }

    /// <summary>Copies the recent signals, oldest first, into <paramref name="destination"/>; returns how many.</summary>
    public int CopyRecent(Span<RecentSignal> destination)
    {
        lock (_recentLock)
        {
            int n = Math.Min(_count, destination.Length);
            int start = (_next - n + _recent.Length) % _recent.Length;
            for (int k = 0; k < n; k++) destination[k] = _recent[(start + k) % _recent.Length];
            return n;
        }
    }

    /// <summary>The recent signals, oldest first (allocates: for dashboards and reports).</summary>
    public RecentSignal[] RecentSignals()
    {
        var copy = new RecentSignal[_recent.Length];
        int n = CopyRecent(copy);
        return copy[..n];
    }
}
