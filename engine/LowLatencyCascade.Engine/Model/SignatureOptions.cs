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
/// </list>
/// The spec preset has all three off (factors 1, |change|).
/// </summary>
public sealed class SignatureOptions
{
    public double SideFloor { get; set; } = 1.0;
    public double SideFullShare { get; set; } = 0.8;
    public int SideMinEvents { get; set; } = 6;
    public double SingleVenueFactor { get; set; } = 1.0;
    public int SingleVenueMinEvents { get; set; } = 4;
    public bool OiDeclineOnly { get; set; }

    /// <summary>The side-imbalance factor for a symbol with <paramref name="events"/> liquidations in the last minute, <paramref name="longShare"/> of them longs.</summary>
    public double SideFactor(double longShare, double events)
    {
        if (SideFloor >= 1 || events < SideMinEvents - 1e-9) return 1.0;
        double share = Math.Max(longShare, 1 - longShare);
        double x = Math.Clamp((share - 0.5) / Math.Max(1e-9, SideFullShare - 0.5), 0, 1);
        return SideFloor + (1 - SideFloor) * x;
    }
}
