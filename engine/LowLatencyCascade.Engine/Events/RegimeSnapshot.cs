namespace LowLatencyCascade.Engine.Events;

/// <summary>The regime stage's output: sub-regimes, the composite regime and its row of the adaptive threshold table.</summary>
public struct RegimeSnapshot
{
    public MarketRegime Regime;
    public MarketRegime VolatilityRegime;
    public LiquidityRegime Liquidity;
    public TrendRegime Trend;
    /// <summary>+1 when illiquid (amplify), -1 when deep (dampen), else 0.</summary>
    public sbyte LiquidityShift;
    public double Confidence;
    public double SpreadBps;
    /// <summary>BTC trade volume over the liquidity window relative to its baseline (1 = average; 0 before any trade).</summary>
    public double VolumeRatio;
    public double VelocityMultiplier;
    public double VolumeMultiplier;
    public double CascadeSensitivity;
    public double PositionSizeMultiplier;
    public double StopLossMultiplier;
}
