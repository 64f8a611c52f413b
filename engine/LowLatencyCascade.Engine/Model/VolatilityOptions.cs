namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// BTC realized volatility (percent, not annualized: <c>100 × sqrt(Σ r²)</c> of 1-second log returns in the
/// window) and the spec's regime bands on the 5-minute value; the cascade risk multiplier is the 5-minute
/// volatility relative to <see cref="ReferenceVol5mPct"/>, clamped to [MinRiskMultiplier, MaxRiskMultiplier].
/// </summary>
public sealed class VolatilityOptions
{
    /// <summary>Upper bound (exclusive) of DORMANT, in percent 5-minute volatility.</summary>
    public double DormantBelowPct { get; set; } = 0.5;
    public double LowBelowPct { get; set; } = 1.0;
    public double NormalBelowPct { get; set; } = 2.0;
    public double ElevatedBelowPct { get; set; } = 3.0;
    /// <summary>At or above this: EXTREME.</summary>
    public double HighBelowPct { get; set; } = 5.0;
    /// <summary>The 5-minute volatility that maps to a risk multiplier of 1.</summary>
    public double ReferenceVol5mPct { get; set; } = 1.5;
    public double MinRiskMultiplier { get; set; } = 0.5;
    public double MaxRiskMultiplier { get; set; } = 5.0;
}
