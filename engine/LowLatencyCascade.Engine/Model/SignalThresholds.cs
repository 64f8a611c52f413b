namespace LowLatencyCascade.Engine.Model;

/// <summary>The spec's <c>SIGNAL_THRESHOLDS</c>: the probability at which each level starts, before regime adjustment.</summary>
public sealed class SignalThresholds
{
    public double Watch { get; set; } = 0.30;
    public double Alert { get; set; } = 0.50;
    public double Critical { get; set; } = 0.70;
    public double Extreme { get; set; } = 0.90;
}
