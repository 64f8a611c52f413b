namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The market-wide factor: cascades are market events. Breadth is the number of distinct symbols with a
/// liquidation (while bursting, with <see cref="BurstMultiple"/>) in the last <see cref="WindowSeconds"/>; the market score is <c>min(1, breadth / scale)</c> with
/// <c>scale = max(BreadthFloor, BreadthMultiple × the breadth's long-horizon mean)</c>; a symbol's
/// probability is multiplied by <c>DampingFloor + (1 - DampingFloor) × (breadth / scale)²</c> below the scale (an
/// isolated burst is damped) and by up to <see cref="BoostCeiling"/> × the symbol's velocity score from the
/// scale to twice the scale (a symbol
/// caught in a market-wide cascade is lifted: its own acceleration fades once its rate is pinned at the venue's
/// one-per-second cap, the market's breadth does not).
/// The scale is capped at <see cref="UniverseShare"/> × the symbols the model has seen liquidated, so a
/// market with fewer symbols than the floor can still reach it (0 = no cap).
/// DampingFloor = BoostCeiling = 1 switches the factor off (the spec preset).
/// </summary>
public sealed class MarketBreadthOptions
{
    public int WindowSeconds { get; set; } = 30;
    public double BreadthFloor { get; set; } = 25;
    public double BreadthMultiple { get; set; } = 3;
    public double DampingFloor { get; set; } = 1.0;
    public double BoostCeiling { get; set; } = 1.0;
    public double UniverseShare { get; set; }
    /// <summary>
    /// When &gt; 0, a symbol counts in the breadth only while it bursts: at least <see cref="BurstMinEvents"/>
    /// liquidations in the short window and a short-window rate at least this multiple of its own baseline.
    /// 0 counts every liquidated symbol.
    /// </summary>
    public double BurstMultiple { get; set; }
    public int BurstMinEvents { get; set; } = 2;
    /// <summary>
    /// When above 0.5, a bursting symbol counts in the breadth only if the larger side holds at least this share of
    /// its liquidations in the last minute (judged from <c>Signature:SideMinEvents</c> of them): a volatility shock
    /// liquidating both sides in many symbols is not a broad cascade. 0 = sides not judged (spec preset).
    /// </summary>
    public double BurstMinSideShare { get; set; }
}
