namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// Exponential backoff with jitter for reconnect attempts: the n-th attempt waits a random time between half
/// and all of <c>min * 2^(n-1)</c> (never below min, never above max). The jitter keeps many connections that
/// fell at the same moment from hammering the venue in lockstep.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan min, TimeSpan max, Random? random = null)
    {
        if (min <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(min), min, "must be positive");
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), max, "must not be below min");
        _min = min;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>Attempts since the last reset (the attempt the last <see cref="NextDelay"/> was for).</summary>
    public int Attempt => _attempt;

    /// <summary>Counts one more attempt and returns how long to wait before it.</summary>
    public TimeSpan NextDelay()
    {
        _attempt++;
        double ceiling = Math.Min(_max.Ticks, _min.Ticks * Math.Pow(2, Math.Min(_attempt - 1, 30)));
        double jittered = ceiling * (0.5 + 0.5 * _random.NextDouble());
        return TimeSpan.FromTicks((long)Math.Clamp(jittered, _min.Ticks, _max.Ticks));
    }

    /// <summary>After a healthy period: the next attempt waits about <c>min</c> again.</summary>
    public void Reset() => _attempt = 0;
}
