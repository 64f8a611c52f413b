namespace LowLatencyCascade.Engine.Model;

/// <summary>The spec's override conditions: extreme velocity and acceleration upgrade the level regardless of probability.</summary>
public sealed class OverrideOptions
{
    public double ExtremeVelocity { get; set; } = 100.0;
    public double ExtremeAcceleration { get; set; } = 40.0;
    public double CriticalVelocity { get; set; } = 50.0;
    public double CriticalAcceleration { get; set; } = 20.0;
}
