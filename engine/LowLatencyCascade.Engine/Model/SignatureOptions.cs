namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// What a liquidation cascade looks like besides a high rate, and a volatility shock or a one-coin burst does not
/// (<c>Model:Signature</c>): forced selling on one side, on several venues, closing positions.
/// <list type="bullet">
/// <item><b>Side imbalance</b>: a cascade liquidates mostly one side (longs in a sell-off); a volatility shock
/// liquidates both. With at least <see cref="SideMinEvents"/> liquidations of the symbol in the last minute, the
/// probability is multiplied by <c>SideFloor + (1 − SideFloor) × clamp((share − 0.5) / (SideFullShare − 0.5), 0, 1)</c>,
/// share = the larger side's share of them (rationale damper <c>two_sided</c>). Fewer: not judged (factor 1).</item>
/// <item><b>Venues</b>: a symbol whose liquidations in the short window all came from one venue, while the market
/// liquidates on several, is multiplied by <see cref="SingleVenueFactor"/> (damper <c>single_venue</c>), once it has
/// <see cref="SingleVenueMinEvents"/> there (a cascade's first second on its leading venue is left alone).</item>
/// <item><b>Open interest</b>: with <see cref="OiDeclineOnly"/>, the <c>oi_change</c> component scores a fall of
/// open interest only (liquidations close positions; a rise is new positions, not a cascade); the spec scores |change|.</item>
/// <item><b>Market side</b>: a cascade is one-sided market-wide (everyone's longs in a sell-off); a volatility shock
/// liquidates both sides across the market. With at least <see cref="MarketSideMinEvents"/> liquidations in the market's
/// last minute, <c>x = clamp((share − 0.5) / (MarketSideFullShare − 0.5), 0, 1)</c> of the market's larger side scales the
/// breadth lift (a two-sided market lifts no one) and the probability is multiplied by
/// <c>MarketSideFloor + (1 − MarketSideFloor) × x</c> (damper <c>market_two_sided</c>).</item>
/// <item><b>Lift for one side only</b>: with <see cref="LiftNeedsOneSide"/>, the breadth lift of a symbol is scaled by
/// its own side imbalance (the same x as the side factor): a symbol liquidated on both sides while the market is broad
/// is not being caught in the cascade.</item>
/// </list>
/// The spec preset has all of them off (factors 1, |change|).
/// </summary>
public sealed class SignatureOptions
{
    public double SideFloor { get; set; } = 1.0;
    public double SideFullShare { get; set; } = 0.8;
    public int SideMinEvents { get; set; } = 6;
    public double SingleVenueFactor { get; set; } = 1.0;
    public int SingleVenueMinEvents { get; set; } = 4;
    public bool OiDeclineOnly { get; set; }
    public double MarketSideFloor { get; set; } = 1.0;
    public double MarketSideFullShare { get; set; } = 0.75;
    public int MarketSideMinEvents { get; set; } = 20;
    public bool LiftNeedsOneSide { get; set; }
    /// <summary>
    /// Judge the side on the short window (10 s) as well as the minute, and take the more even of the two (each judged
    /// once it holds <see cref="SideMinEvents"/>, the market's <see cref="MarketSideMinEventsShort"/>): a volatility shock
    /// that follows a one-sided cascade within the minute is two-sided in its own seconds, while the minute still holds
    /// the cascade's side.
    /// </summary>
    public bool ShortWindowSide { get; set; }
    public int MarketSideMinEventsShort { get; set; } = 10;
    /// <summary>
    /// Rising open interest (new positions, not forced closing): the probability is multiplied by
    /// <c>OiRiseFloor + (1 − OiRiseFloor) × (1 − clamp(oi_change_1m / OiRiseFullChange, 0, 1))</c> (damper
    /// <c>oi_rising</c>); 1 = off. Without open interest (change 0) nothing changes.
    /// </summary>
    public double OiRiseFloor { get; set; } = 1.0;
    public double OiRiseFullChange { get; set; } = 0.003;

    /// <summary>
    /// Falling open interest (positions closing) confirms a burst as a cascade: the probability is multiplied by
    /// <c>1 + OiFallLift × clamp(−oi_change_1m / OiFallFullChange, 0, 1) × velocity score</c> (boost <c>oi_falling</c>),
    /// in proportion to the symbol's own velocity so a coin whose open interest still falls after its burst is not
    /// lifted; 0 = off.
    /// </summary>
    public double OiFallLift { get; set; }
    public double OiFallFullChange { get; set; } = 0.005;

    public double OiFallFactor(double oiChange, double velocityScore) =>
        OiFallLift <= 0 || !(oiChange < 0) ? 1.0 : 1 + OiFallLift * Math.Clamp(-oiChange / OiFallFullChange, 0, 1) * Math.Clamp(velocityScore, 0, 1);

    public double OiRiseFactor(double oiChange) =>
        OiRiseFloor >= 1 || !(oiChange > 0) ? 1.0 : OiRiseFloor + (1 - OiRiseFloor) * (1 - Math.Clamp(oiChange / OiRiseFullChange, 0, 1));

    /// <summary>How one-sided the market's last minute is, 0 (even) to 1 (at least <see cref="MarketSideFullShare"/>); 1 when too few to judge or off.</summary>
    public double MarketSideImbalance(double longShare, int events, double longShareShort = 0.5, int eventsShort = 0)
    {
        double x = events < MarketSideMinEvents ? 1.0 : Imbalance(longShare, MarketSideFullShare);
        if (ShortWindowSide && eventsShort >= MarketSideMinEventsShort) x = Math.Min(x, Imbalance(longShareShort, MarketSideFullShare));
        return x;
    }

    private static double Imbalance(double longShare, double fullShare)
    {
        double share = Math.Max(longShare, 1 - longShare);
        return Math.Clamp((share - 0.5) / Math.Max(1e-9, fullShare - 0.5), 0, 1);
    }

    /// <summary>How one-sided the symbol's last minute is, 0 to 1 (the side factor's x); 1 when too few to judge.</summary>
    public double SideImbalance(double longShare, double events, double longShareShort = 0.5, double eventsShort = 0)
    {
        double x = events < SideMinEvents - 1e-9 ? 1.0 : Imbalance(longShare, SideFullShare);
        if (ShortWindowSide && eventsShort >= SideMinEvents - 1e-9) x = Math.Min(x, Imbalance(longShareShort, SideFullShare));
        return x;
    }

    /// <summary>The side-imbalance factor for a symbol with <paramref name="events"/> liquidations in the last minute, <paramref name="longShare"/> of them longs.</summary>
    public double SideFactor(double longShare, double events, double longShareShort = 0.5, double eventsShort = 0)
    {
        if (SideFloor >= 1) return 1.0;
        return SideFloor + (1 - SideFloor) * SideImbalance(longShare, events, longShareShort, eventsShort);
    }
}
