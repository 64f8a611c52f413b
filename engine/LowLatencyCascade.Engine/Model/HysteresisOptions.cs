namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Hysteresis on the way down, so a level does not flap at a window's second boundary: a level is raised at
/// once, but it falls only after it has gone unsupported for <see cref="HoldSeconds"/> of event time, where
/// "supported" means the raw level (overrides included) or the level of <c>probability + Margin</c> is still at
/// least the held level. It then falls to the level <c>probability + Margin</c> supports. The spec has no
/// hysteresis: 0 and 0 (the preset) switch it off.
/// </summary>
public sealed class HysteresisOptions
{
    public double HoldSeconds { get; set; }
    public double Margin { get; set; }
}
