namespace LowLatencyCascade.Engine.Model;

/// <summary>The spec's probability boosts and the volatility adjustment.</summary>
public sealed class BoostOptions
{
    /// <summary>Non-linear boost when acceleration_score &gt; this ...</summary>
    public double NonlinearAccelerationScore { get; set; } = 0.8;
    /// <summary>... and velocity_score &gt; this.</summary>
    public double NonlinearVelocityScore { get; set; } = 0.7;
    public double NonlinearFactor { get; set; } = 1.5;
    public double CorrelationThreshold { get; set; } = 0.7;
    public double CorrelationFactor { get; set; } = 1.2;
    /// <summary>
    /// <c>probability *= clamp(1 + VolatilityStrength × (vol_risk_multiplier - 1), VolatilityMinFactor, VolatilityMaxFactor)</c>.
    /// The spec's literal <c>probability *= vol_risk_multiplier</c> is strength 1 with no bounds.
    /// </summary>
    public double VolatilityStrength { get; set; } = 1.0;
    public double VolatilityMinFactor { get; set; }
    public double VolatilityMaxFactor { get; set; } = 100.0;
}
