namespace LowLatencyCascade.Feeds.Bybit;

/// <summary>The best bid and ask of one symbol as the <c>orderbook.1</c> snapshots and deltas leave it.</summary>
internal struct BybitBookTop
{
    public double BidPrice;
    public double BidQty;
    public double AskPrice;
    public double AskQty;

    /// <summary>
    /// Applies one <c>[price, size]</c> level of a side: size 0 deletes the level when it is the one we hold;
    /// any other size makes it the side's (only) level.
    /// </summary>
    public static void Apply(ref double price, ref double qty, double levelPrice, double levelSize)
    {
        if (levelSize == 0)
        {
            if (levelPrice == price) { price = 0; qty = 0; }
            return;
        }
        price = levelPrice;
        qty = levelSize;
    }
}
