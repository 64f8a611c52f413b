namespace LowLatencyCascade.Engine.Events;

/// <summary>The velocity stage's view of a symbol and of the whole market at one event time. Rates are per second.</summary>
public struct VelocitySnapshot
{
    /// <summary>Liquidations/s over the short (10 s), medium (30 s), minute (60 s) and long (300 s) windows.</summary>
    public double Velocity10s;
    public double Velocity30s;
    public double Velocity60s;
    public double Velocity300s;
    /// <summary>Events/s²: the short-window rate minus the rate of the short window before it, over the window length.</summary>
    public double Acceleration;
    /// <summary>Liquidated USD per second over the short window.</summary>
    public double VolumeUsdPerSec;
    /// <summary>Share of long liquidations among the last minute's (0.5 when there were none).</summary>
    public double LongShare;
    /// <summary>Venues on which the symbol liquidated in the short window.</summary>
    public int Venues10s;
    /// <summary>The symbol's long-horizon liquidation rate and USD rate (exponentially weighted).</summary>
    public double BaselineRate;
    public double BaselineVolumeUsdPerSec;
    /// <summary>Mean pairwise correlation of the venues' per-second liquidation counts over the last minute (0 when fewer than two venues were active).</summary>
    public double ExchangeCorrelation;
    /// <summary>The venue whose current burst started first; valid when <see cref="HasLeadingExchange"/>.</summary>
    public Exchange LeadingExchange;
    public bool HasLeadingExchange;
    /// <summary>The market-wide aggregate across all symbols.</summary>
    public double MarketVelocity10s;
    public double MarketAcceleration;
    public double MarketVolumeUsdPerSec;
    public double MarketBaselineRate;
    /// <summary>Distinct symbols with a liquidation in the breadth window.</summary>
    public int MarketBreadth;
    /// <summary>The breadth's long-horizon mean.</summary>
    public double MarketBreadthBaseline;
    /// <summary>Distinct symbols the model has seen liquidated since it started (the breadth's ceiling).</summary>
    public int MarketUniverse;
    /// <summary>Venues with a liquidation (any symbol) in the short window.</summary>
    public int MarketVenues;
    /// <summary>Share of longs among the market's liquidations (all symbols) in the last minute; 0.5 when none.</summary>
    public double MarketLongShare;
    /// <summary>The market's liquidations (all symbols) in the last minute.</summary>
    public int MarketCountMinute;
    /// <summary>Share of longs among the symbol's liquidations in the short window; 0.5 when none.</summary>
    public double LongShareShort;
    /// <summary>Share of longs among the market's liquidations in the short window, and their count.</summary>
    public double MarketLongShareShort;
    public int MarketCountShort;
}
