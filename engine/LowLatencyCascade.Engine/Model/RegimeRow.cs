namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// One row of the adaptive threshold table. The velocity and volume multipliers scale the velocity and
/// volume scales (a higher scale needs more to score); the cascade sensitivity divides the level thresholds.
/// The position-size and stop-loss multipliers are the trading adjustments (not numbered in the spec: ours).
/// </summary>
public sealed class RegimeRow
{
    public double VelocityMultiplier { get; set; } = 1.0;
    public double VolumeMultiplier { get; set; } = 1.0;
    public double CascadeSensitivity { get; set; } = 1.0;
    public double PositionSizeMultiplier { get; set; } = 1.0;
    public double StopLossMultiplier { get; set; } = 1.0;

    public RegimeRow() { }

    public RegimeRow(double velocity, double volume, double sensitivity, double positionSize, double stopLoss)
    {
        VelocityMultiplier = velocity;
        VolumeMultiplier = volume;
        CascadeSensitivity = sensitivity;
        PositionSizeMultiplier = positionSize;
        StopLossMultiplier = stopLoss;
    }
}
