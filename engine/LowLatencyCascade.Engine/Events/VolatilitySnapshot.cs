namespace LowLatencyCascade.Engine.Events;

/// <summary>The volatility stage's view of BTC at one event time. Volatility in percent, not annualized.</summary>
public struct VolatilitySnapshot
{
    public double BtcPrice;
    public double Vol1mPct;
    public double Vol5mPct;
    public double Vol15mPct;
    public double Vol60mPct;
    /// <summary>From the 5-minute volatility: DORMANT .. EXTREME.</summary>
    public MarketRegime Regime;
    public double RiskMultiplier;
    /// <summary>Price change over the momentum window, percent.</summary>
    public double MomentumPct;
    public double ShortMa;
    public double LongMa;
    /// <summary>Seconds of price history behind these numbers (capped at the longest window).</summary>
    public int HistorySeconds;
}
