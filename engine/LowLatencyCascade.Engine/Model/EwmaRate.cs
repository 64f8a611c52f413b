namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// An exponentially weighted rate (amount per second) in event time: each amount decays with time constant τ,
/// so a steady flow of λ per second reads λ. O(1) per update, no history kept.
/// </summary>
public struct EwmaRate
{
    private double _value;
    private long _lastMs;
    private bool _started;

    public void Add(double amount, long timeMs, double tauSeconds)
    {
        _value = Decayed(timeMs, tauSeconds) + amount / tauSeconds;
        if (!_started || timeMs > _lastMs) _lastMs = timeMs;
        _started = true;
    }

    /// <summary>The rate as of <paramref name="timeMs"/> (never later than the last update is treated as the last update).</summary>
    public readonly double Rate(long timeMs, double tauSeconds) => Decayed(timeMs, tauSeconds);

    private readonly double Decayed(long timeMs, double tauSeconds)
    {
        if (!_started || timeMs <= _lastMs) return _value;
        return _value * Math.Exp(-(timeMs - _lastMs) / (1000.0 * tauSeconds));
    }
}
