namespace LowLatencyCascade.Engine.Events;

/// <summary>The six scoring components as flags, in the spec's order: the rationale's "drivers".</summary>
[Flags]
public enum ScoreComponents : byte
{
    None = 0,
    Velocity = 1,
    Acceleration = 2,
    Volume = 4,
    OiChange = 8,
    Funding = 16,
    Volatility = 32,
}
