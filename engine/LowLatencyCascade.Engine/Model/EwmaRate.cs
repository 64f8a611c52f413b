namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// An exponentially weighted rate (amount per second) in event time: each amount decays with time constant τ,
/// so a steady flow of λ per second reads λ. O(1) per update, no history kept. Read with the time the
/// observation started (<c>originMs</c>): while less than τ has passed, the estimate is bias-corrected to the
/// mean rate since the origin (not dragged towards 0 by the empty history before it).
/// </summary>
public struct EwmaRate
{
    /// <summary>The bias correction never divides by less than this much observed time.</summary>
    public const double MinObservedSeconds = 60;

    private double _value;
    private long _lastMs;
    private bool _started;

    public void Add(double amount, long timeMs, double tauSeconds)
    {
        _value = Decayed(timeMs, tauSeconds) + amount / tauSeconds;
        if (!_started || timeMs > _lastMs) _lastMs = timeMs;
        _started = true;
    }

    /// <summary>The rate as of <paramref name="timeMs"/>, observed since <paramref name="originMs"/>.</summary>
    public readonly double Rate(long timeMs, double tauSeconds, long originMs)
    {
        double observed = Math.Max(MinObservedSeconds, (timeMs - originMs) / 1000.0);
        double coverage = 1 - Math.Exp(-observed / tauSeconds);
        return Decayed(timeMs, tauSeconds) / coverage;
    }

    internal readonly void WriteState(BinaryWriter w)
    {
        w.Write(_value);
        w.Write(_lastMs);
        w.Write(_started);
    }

    internal void ReadState(BinaryReader r)
    {
        _value = r.ReadDouble();
        _lastMs = r.ReadInt64();
        _started = r.ReadBoolean();
    }

    private readonly double Decayed(long timeMs, double tauSeconds)
    {
        if (!_started || timeMs <= _lastMs) return _value;
        return _value * Math.Exp(-(timeMs - _lastMs) / (1000.0 * tauSeconds));
    }
}
