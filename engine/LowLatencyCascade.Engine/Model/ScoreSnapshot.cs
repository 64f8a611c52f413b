namespace LowLatencyCascade.Engine.Model;

/// <summary>The scoring stage's output besides the level and probability: everything the signal JSON needs.</summary>
public struct ScoreSnapshot
{
    public double Velocity;
    public double Acceleration;
    public double Volume;
    public double OiChange;
    public double Funding;
    public double Volatility;
    /// <summary>Σ score × weight before boosts.</summary>
    public double WeightedSum;
    public double OiChange1m;
    public double OiChange5m;
    public double FundingRate;
    /// <summary>The scales the velocity and volume scores were divided by (after the regime multipliers).</summary>
    public double VelocityScale;
    public double VolumeScale;
    /// <summary>Market breadth relative to its scale, in [0, 1], and the factor it applied.</summary>
    public double MarketScore;
    public double MarketFactor;
    public ScoreComponents Drivers;
    public ProbabilityAdjustments Adjustments;
    public LevelOverride Override;
    public bool Warm;
}
