using System.Diagnostics;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>
/// The spec's <c>get_stats()</c>: signals generated, critical signals (CRITICAL and above), per-level counts,
/// average processing time and a fixed-capacity ring of recent signals; for the dashboard also a timeline (a ring of
/// the recent signals at or above <see cref="TimelineMinLevel"/>) and signals per event-time hour (the last
/// <see cref="HourlyBuckets"/> hours). One writer (the publishing thread) calls <see cref="Record"/>, allocation-free;
/// any thread may read. Percentiles are the latency histograms' job: <see cref="ProcessingTimeMs"/> gives the raw
/// per-signal value to record there.
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
    private readonly RecentSignal[] _timeline;
    private int _timelineNext;
    private int _timelineCount;
    // Hour h (Unix ms / 3,600,000) lives at h % HourlyBuckets while _hours[] says it is h; a newer hour reuses the slot.
    private readonly long[] _hours = new long[HourlyBuckets];
    private readonly long[] _hourSignals = new long[HourlyBuckets];
    private readonly long[] _hourAlerts = new long[HourlyBuckets];

    /// <summary>Hours of event time the hourly rate keeps.</summary>
    public const int HourlyBuckets = 24;

    /// <summary>Signals below this level (NONE) are counted but kept off the timeline, where they would crowd out the ones that matter.</summary>
    public const SignalLevel TimelineMinLevel = SignalLevel.Watch;

    public SignalStats(int recentCapacity = 100, int timelineCapacity = 300)
    {
        if (recentCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(recentCapacity), recentCapacity, "must be positive");
        if (timelineCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(timelineCapacity), timelineCapacity, "must be positive");
        _recent = new RecentSignal[recentCapacity];
        _timeline = new RecentSignal[timelineCapacity];
        Array.Fill(_hours, long.MinValue);
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
            var entry = new RecentSignal(slot.SymbolId, slot.EventTimeMs, level, slot.Signal.Probability, ms);
            _recent[_next] = entry;
            _next = (_next + 1) % _recent.Length;
            if (_count < _recent.Length) _count++;
            if (level >= TimelineMinLevel)
            {
                _timeline[_timelineNext] = entry;
                _timelineNext = (_timelineNext + 1) % _timeline.Length;
                if (_timelineCount < _timeline.Length) _timelineCount++;
            }
            long hour = Math.DivRem(slot.EventTimeMs, 3_600_000, out long rem);
            if (rem < 0) hour--;
            int b = (int)(((hour % HourlyBuckets) + HourlyBuckets) % HourlyBuckets);
            if (_hours[b] != hour)
            {
                // A newer hour takes the slot; a signal older than the hour kept there (out of order by a day) is not counted.
                if (_hours[b] != long.MinValue && _hours[b] > hour) return true;
                _hours[b] = hour;
                _hourSignals[b] = 0;
                _hourAlerts[b] = 0;
            }
            _hourSignals[b]++;
            if (level >= SignalLevel.Alert) _hourAlerts[b]++;
        }
        return true;
    }

    /// <summary>Copies the timeline (signals at or above <see cref="TimelineMinLevel"/>), oldest first; returns how many.</summary>
    public int CopyTimeline(Span<RecentSignal> destination)
    {
        lock (_recentLock)
        {
            int n = Math.Min(_timelineCount, destination.Length);
            int start = (_timelineNext - n + _timeline.Length) % _timeline.Length;
            for (int k = 0; k < n; k++) destination[k] = _timeline[(start + k) % _timeline.Length];
            return n;
        }
    }

    /// <summary>The timeline, oldest first (allocates: for dashboards).</summary>
    public RecentSignal[] Timeline()
    {
        var copy = new RecentSignal[_timeline.Length];
        int n = CopyTimeline(copy);
        return copy[..n];
    }

    /// <summary>
    /// Signals per event-time hour for the last <see cref="HourlyBuckets"/> hours up to the newest hour seen, oldest
    /// first, hours without signals included (allocates: for dashboards). Empty before the first signal.
    /// </summary>
    public HourlySignals[] Hourly()
    {
        lock (_recentLock)
        {
            long newest = long.MinValue;
            foreach (long h in _hours) newest = Math.Max(newest, h);
            if (newest == long.MinValue) return [];
            // Only from the first hour that has signals: a replay of twenty minutes shows one bar, not 23 empty ones.
            long first = newest;
            foreach (long h in _hours) if (h != long.MinValue && h >= newest - HourlyBuckets + 1) first = Math.Min(first, h);
            var result = new HourlySignals[newest - first + 1];
            for (long h = first; h <= newest; h++)
            {
                int b = (int)(((h % HourlyBuckets) + HourlyBuckets) % HourlyBuckets);
                result[h - first] = _hours[b] == h ? new HourlySignals(h * 3_600_000, _hourSignals[b], _hourAlerts[b]) : new HourlySignals(h * 3_600_000, 0, 0);
            }
            return result;
        }
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
