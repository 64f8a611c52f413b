namespace LowLatencyCascade.Feeds.Depth;

/// <summary>A decoder's two preallocated sides for the levels of the frame it is reading (one decoder per connection thread).</summary>
internal sealed class DepthScratch
{
    /// <summary>More than any shallow book sends per side (Binance 20, Bybit 50, OKX 5).</summary>
    public const int Capacity = 64;

    public BookSide Bids { get; } = new(Capacity);
    public BookSide Asks { get; } = new(Capacity);

    public void Clear()
    {
        Bids.Clear();
        Asks.Clear();
    }
}
