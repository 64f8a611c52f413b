namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's normalization scales: each component's score is <c>min(1, |metric| / scale)</c>.
/// <see cref="Velocity"/>, <see cref="Acceleration"/> and <see cref="VolumeUsd"/> are absolute only in the
/// spec preset; with <see cref="BaselineOptions.Enabled"/> the velocity and volume scales come from each
/// symbol's own baseline (and these values are ignored for them).
/// </summary>
public sealed class ScoreScales
{
    /// <summary>Liquidations per second (10 s window) for a full velocity score.</summary>
    public double Velocity { get; set; } = 50.0;
    /// <summary>Events/s² for a full acceleration score.</summary>
    public double Acceleration { get; set; } = 20.0;
    /// <summary>Liquidated USD per second (10 s window) for a full volume score.</summary>
    public double VolumeUsd { get; set; } = 50_000_000.0;
    /// <summary>Fractional 1-minute open-interest change for a full score (0.05 = 5 %).</summary>
    public double OiChange { get; set; } = 0.05;
    /// <summary>Absolute funding rate for a full score (0.001 = 0.1 %).</summary>
    public double Funding { get; set; } = 0.001;
    /// <summary>Volatility risk multiplier for a full volatility score.</summary>
    public double VolRiskMultiplier { get; set; } = 5.0;
}
