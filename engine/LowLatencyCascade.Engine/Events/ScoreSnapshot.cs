namespace LowLatencyCascade.Engine.Events;

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
    /// <summary>The symbol's depth drain near the touch (<see cref="DepthDrain"/>): 0..1, or -1 without books; set before scoring.</summary>
    public double DepthDrain;
    /// <summary>The factor the depth drain applied (1 when <c>Model:Depth:ScoreInput</c> is off or there were no books).</summary>
    public double DepthFactor;
    public ScoreComponents Drivers;
    public ProbabilityAdjustments Adjustments;
    public LevelOverride Override;
    /// <summary>The model had its warm-up behind it (or a restored state) when it scored this.</summary>
    public bool Warm;
    /// <summary>Share of the warm-up done, in [0, 1] (1 when warm).</summary>
    public double WarmupProgress;
    /// <summary>Warm, or the evidence was overwhelming enough to lift the warm-up's WATCH cap (<see cref="WarmupOptions"/>).</summary>
    public bool WarmupEvidence;
}
