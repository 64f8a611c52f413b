namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The market-wide factor: cascades are market events. Breadth is the number of distinct symbols with a
/// liquidation in the last <see cref="WindowSeconds"/>; the market score is <c>min(1, breadth / scale)</c> with
/// <c>scale = max(BreadthFloor, BreadthMultiple × market baseline rate × WindowSeconds)</c>; a symbol's
/// probability is multiplied by <c>DampingFloor + (1 - DampingFloor) × market score²</c>.
/// DampingFloor 1 switches the factor off (the spec preset).
/// </summary>
public sealed class MarketBreadthOptions
{
    public int WindowSeconds { get; set; } = 30;
    public double BreadthFloor { get; set; } = 25;
    public double BreadthMultiple { get; set; } = 3;
    public double DampingFloor { get; set; } = 1.0;
}
