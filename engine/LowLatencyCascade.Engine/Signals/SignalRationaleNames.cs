using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>The rationale's vocabulary: one JSON name per component, adjustment and override.</summary>
public static class SignalRationaleNames
{
    public static ReadOnlySpan<byte> Component(ScoreComponents c) => c switch
    {
        ScoreComponents.Velocity => "velocity"u8,
        ScoreComponents.Acceleration => "acceleration"u8,
        ScoreComponents.Volume => "volume"u8,
        ScoreComponents.OiChange => "oi_change"u8,
        ScoreComponents.Funding => "funding"u8,
        ScoreComponents.Volatility => "volatility"u8,
        _ => "none"u8,
    };

    public static ReadOnlySpan<byte> Adjustment(ProbabilityAdjustments a) => a switch
    {
        ProbabilityAdjustments.Nonlinear => "nonlinear"u8,
        ProbabilityAdjustments.ExchangeCorrelation => "exchange_correlation"u8,
        ProbabilityAdjustments.VolatilityUp => "volatility"u8,
        ProbabilityAdjustments.VolatilityDown => "volatility"u8,
        ProbabilityAdjustments.MarketDamping => "market_breadth"u8,
        ProbabilityAdjustments.Clamped => "clamped"u8,
        ProbabilityAdjustments.MarketBoost => "market_breadth"u8,
        ProbabilityAdjustments.TwoSided => "two_sided"u8,
        ProbabilityAdjustments.SingleVenue => "single_venue"u8,
        ProbabilityAdjustments.MarketTwoSided => "market_two_sided"u8,
        ProbabilityAdjustments.OiRising => "oi_rising"u8,
        ProbabilityAdjustments.OiFalling => "oi_falling"u8,
        _ => "none"u8,
    };

    public static ReadOnlySpan<byte> Override(LevelOverride o) => o switch
    {
        LevelOverride.CriticalVelocity => "critical_velocity"u8,
        LevelOverride.ExtremeVelocity => "extreme_velocity"u8,
        LevelOverride.WarmupCap => "warmup_cap"u8,
        LevelOverride.Hold => "hold"u8,
        _ => "none"u8,
    };

    /// <summary>Adjustments that raise the probability.</summary>
    public const ProbabilityAdjustments Boosts =
        ProbabilityAdjustments.Nonlinear | ProbabilityAdjustments.ExchangeCorrelation | ProbabilityAdjustments.VolatilityUp
        | ProbabilityAdjustments.MarketBoost | ProbabilityAdjustments.OiFalling;

    /// <summary>Adjustments that lower it (the clamp to 1 included).</summary>
    public const ProbabilityAdjustments Dampers =
        ProbabilityAdjustments.VolatilityDown | ProbabilityAdjustments.MarketDamping | ProbabilityAdjustments.Clamped
        | ProbabilityAdjustments.TwoSided | ProbabilityAdjustments.SingleVenue | ProbabilityAdjustments.MarketTwoSided | ProbabilityAdjustments.OiRising;

    /// <summary>The last adjustment flag (the encoders loop up to it).</summary>
    public const ProbabilityAdjustments Last = ProbabilityAdjustments.OiFalling;
}
