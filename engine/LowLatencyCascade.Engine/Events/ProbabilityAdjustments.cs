namespace LowLatencyCascade.Engine.Events;

/// <summary>The multiplicative adjustments that changed the probability: the rationale's "boosts" and "dampers".</summary>
[Flags]
public enum ProbabilityAdjustments : ushort
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
    /// <summary>Both sides liquidated about equally (a volatility shock, not forced selling): damped.</summary>
    TwoSided = 128,
    /// <summary>The symbol's liquidations all on one venue while the market liquidates on several: damped.</summary>
    SingleVenue = 256,
    /// <summary>The market's liquidations in the last minute were on both sides about equally (a volatility shock): damped.</summary>
    MarketTwoSided = 512,
    /// <summary>Open interest rising over the last minute (new positions, not forced closing): damped.</summary>
    OiRising = 1024,
    /// <summary>Open interest falling over the last minute while the symbol bursts (positions closing): lifted.</summary>
    OiFalling = 2048,
}
