namespace LowLatencyCascade.Engine.Model;

/// <summary>The spec's trend rules on BTC: momentum in percent over <see cref="MomentumWindowSeconds"/>, short against long moving average.</summary>
public sealed class TrendOptions
{
    public double MomentumPct { get; set; } = 2.0;
    public double StrongMomentumPct { get; set; } = 5.0;
    public int MomentumWindowSeconds { get; set; } = 3600;
    public int ShortMaSeconds { get; set; } = 300;
    public int LongMaSeconds { get; set; } = 3600;
    /// <summary>Regime confidence without a strong trend (the spec gives only the +0.2).</summary>
    public double ConfidenceBase { get; set; } = 0.5;
    public double StrongTrendConfidenceBonus { get; set; } = 0.2;
}
