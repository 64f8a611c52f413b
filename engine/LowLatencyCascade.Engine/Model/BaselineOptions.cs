namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Scales relative to each symbol's own recent baseline (the shipped defaults): the spec's absolute scales
/// were set for a prototype and real per-symbol liquidation rates are far lower.
/// <c>velocity scale = max(VelocityFloor, VelocityMultiple × baseline rate)</c>, likewise for volume;
/// the acceleration scale is the velocity scale reached within <see cref="AccelerationSeconds"/>.
/// </summary>
public sealed class BaselineOptions
{
    public bool Enabled { get; set; }
    /// <summary>Time constant of the exponentially weighted baselines (event time).</summary>
    public double HorizonSeconds { get; set; } = 1800;
    /// <summary>Smallest velocity scale (liquidations/s), so a quiet symbol's first liquidations do not explode.</summary>
    public double VelocityFloor { get; set; } = 0.5;
    public double VelocityMultiple { get; set; } = 8.0;
    /// <summary>Smallest volume scale (USD/s).</summary>
    public double VolumeFloorUsd { get; set; } = 10_000;
    public double VolumeMultiple { get; set; } = 10.0;
    /// <summary>
    /// A burst feeds the baselines no faster than <c>max(VelocityFloor, BurstCapMultiple × baseline)</c> events/s
    /// (0 = no cap): a cascade does not become the yardstick of the next one.
    /// </summary>
    public double BurstCapMultiple { get; set; }
    /// <summary>Acceleration scale = velocity scale / this many seconds.</summary>
    public double AccelerationSeconds { get; set; } = 10.0;
}
