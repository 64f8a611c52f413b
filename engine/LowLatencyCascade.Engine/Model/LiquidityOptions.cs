namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's liquidity rules on BTC: spreads in basis points from best bid/ask, volume as the last
/// <see cref="VolumeWindowSeconds"/> of trade notional relative to its own baseline (a ratio, 1 = average).
/// </summary>
public sealed class LiquidityOptions
{
    public double TightSpreadBps { get; set; } = 5;
    public double WideSpreadBps { get; set; } = 15;
    public double VeryWideSpreadBps { get; set; } = 20;
    /// <summary>Volume ratio at or above which volume is "high".</summary>
    public double HighVolumeRatio { get; set; } = 1.5;
    /// <summary>Volume ratio below which volume is "low".</summary>
    public double LowVolumeRatio { get; set; } = 0.5;
    /// <summary>Volume ratio below which volume is "very low".</summary>
    public double VeryLowVolumeRatio { get; set; } = 0.2;
    public int VolumeWindowSeconds { get; set; } = 60;
    public double VolumeBaselineSeconds { get; set; } = 1800;
}
