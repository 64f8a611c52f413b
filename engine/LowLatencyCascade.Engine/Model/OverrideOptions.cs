namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's override conditions: extreme velocity and acceleration upgrade the level "even with low
/// probability". <see cref="MinProbability"/> bounds how low: the spec preset has none (0); the shipped defaults
/// want the probability to say something too, since a per-symbol rate of a few liquidations a second is
/// common in a busy coin that is not cascading.
/// </summary>
public sealed class OverrideOptions
{
    public double ExtremeVelocity { get; set; } = 100.0;
    public double ExtremeAcceleration { get; set; } = 40.0;
    public double CriticalVelocity { get; set; } = 50.0;
    public double CriticalAcceleration { get; set; } = 20.0;
    /// <summary>The overrides apply only when the probability is at least this (0 = always, the spec).</summary>
    public double MinProbability { get; set; }
}
