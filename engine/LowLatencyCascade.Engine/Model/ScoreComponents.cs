namespace LowLatencyCascade.Engine.Model;

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

/// <summary>The multiplicative adjustments that changed the probability: the rationale's "boosts" and "dampers".</summary>
[Flags]
public enum ProbabilityAdjustments : byte
{
    None = 0,
    /// <summary>acceleration_score &gt; 0.8 and velocity_score &gt; 0.7: ×1.5.</summary>
    Nonlinear = 1,
    /// <summary>exchange_correlation &gt; 0.7: ×1.2.</summary>
    ExchangeCorrelation = 2,
    /// <summary>The volatility adjustment raised the probability (risk multiplier above 1).</summary>
    VolatilityUp = 4,
    /// <summary>The volatility adjustment lowered the probability (risk multiplier below 1).</summary>
    VolatilityDown = 8,
    /// <summary>Few symbols liquidating market-wide: an isolated burst is damped.</summary>
    MarketDamping = 16,
    /// <summary>The product exceeded 1 and was clamped.</summary>
    Clamped = 32,
    /// <summary>Many symbols liquidating market-wide: a symbol in a cascade is lifted.</summary>
    MarketBoost = 64,
}

/// <summary>Why the level differs from the one the probability alone gives.</summary>
public enum LevelOverride : byte
{
    None = 0,
    /// <summary>velocity &gt; critical level and acceleration &gt; critical level: at least CRITICAL.</summary>
    CriticalVelocity = 1,
    /// <summary>velocity &gt; extreme level and acceleration &gt; extreme level: EXTREME.</summary>
    ExtremeVelocity = 2,
    /// <summary>The model is still warming up: the level is capped at WATCH.</summary>
    WarmupCap = 3,
}
