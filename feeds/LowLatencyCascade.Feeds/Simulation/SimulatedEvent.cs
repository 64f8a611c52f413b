using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Simulation;

internal enum SimulatedKind : byte
{
    Liquidation,
    Trade,
    Quote,
    MarkFunding,
    OpenInterest,
    /// <summary>A shallow book (<see cref="SimulatedDepth"/>): touch in Bid/Ask, level size in Quantity (base units), level step in Index, the book's shape seed in Funding.</summary>
    Depth,
}

/// <summary>
/// One simulated market event before it becomes a venue frame. <see cref="Side"/>: for a liquidation the side
/// liquidated (Long = longs, a forced sell), for a trade the taker (Long = buyer).
/// </summary>
internal struct SimulatedEvent
{
    public long LocalTicks;
    public long TimeMs;
    public long Sequence;
    public int Symbol;
    public SimulatedKind Kind;
    public Side Side;
    public double Price;
    public double Quantity;
    public double Bid;
    public double BidQuantity;
    public double Ask;
    public double AskQuantity;
    public double Index;
    public double Funding;
    public double OpenInterest;
}
