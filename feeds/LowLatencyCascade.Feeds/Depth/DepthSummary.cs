using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Depth;

/// <summary>
/// Reduces a shallow book (two <see cref="BookSide"/>s) to what the slot carries: best bid and ask with their sizes,
/// levels per side and USD within <see cref="BookDepth.NearBps"/> and <see cref="BookDepth.WideBps"/> of the mid.
/// Order of the levels does not matter (Binance's documented partial-depth example lists bids best-last).
/// </summary>
internal static class DepthSummary
{
    /// <summary>Claims, fills and commits one <see cref="EventKind.Depth"/> slot for a book.</summary>
    public static void Commit(IMarketEventSink sink, Exchange exchange, in FrameContext context, int symbolId, long timeMs,
        BookSide bids, BookSide asks, double sizeMultiplier = 1)
    {
        ref MarketEvent slot = ref EventSlots.Begin(sink, exchange, context);
        slot.Kind = EventKind.Depth;
        slot.SymbolId = symbolId;
        slot.ExchangeTimeMs = timeMs;
        Fill(bids, asks, ref slot, sizeMultiplier);
        EventSlots.Commit(sink, ref slot);
    }

    /// <param name="sizeMultiplier">Turns the sides' sizes into base units (OKX's contract value; 1 elsewhere).</param>
    public static void Fill(BookSide bids, BookSide asks, ref MarketEvent slot, double sizeMultiplier = 1)
    {
        Best(bids.Prices, bids.Sizes, highest: true, out double bid, out double bidQty, out int bidLevels);
        Best(asks.Prices, asks.Sizes, highest: false, out double ask, out double askQty, out int askLevels);
        slot.BidPrice = bid;
        slot.BidQty = bidQty * sizeMultiplier;
        slot.AskPrice = ask;
        slot.AskQty = askQty * sizeMultiplier;
        slot.Depth.BidLevels = bidLevels;
        slot.Depth.AskLevels = askLevels;
        // Without both sides there is no mid: the levels still count (the data-quality check reads them), the bands stay 0.
        if (bid <= 0 || ask <= 0) return;
        double mid = (bid + ask) / 2;
        slot.Depth.BidUsdNear = sizeMultiplier * Within(bids.Prices, bids.Sizes, mid * (1 - BookDepth.NearBps / 10_000), mid);
        slot.Depth.BidUsdWide = sizeMultiplier * Within(bids.Prices, bids.Sizes, mid * (1 - BookDepth.WideBps / 10_000), mid);
        slot.Depth.AskUsdNear = sizeMultiplier * Within(asks.Prices, asks.Sizes, mid, mid * (1 + BookDepth.NearBps / 10_000));
        slot.Depth.AskUsdWide = sizeMultiplier * Within(asks.Prices, asks.Sizes, mid, mid * (1 + BookDepth.WideBps / 10_000));
    }

    private static void Best(ReadOnlySpan<double> prices, ReadOnlySpan<double> sizes, bool highest, out double price, out double size, out int levels)
    {
        price = 0; size = 0; levels = 0;
        for (int i = 0; i < prices.Length; i++)
        {
            if (sizes[i] <= 0) continue;
            levels++;
            if (price == 0 || (highest ? prices[i] > price : prices[i] < price)) { price = prices[i]; size = sizes[i]; }
        }
    }

    private static double Within(ReadOnlySpan<double> prices, ReadOnlySpan<double> sizes, double low, double high)
    {
        double usd = 0;
        for (int i = 0; i < prices.Length; i++)
        {
            double p = prices[i];
            if (sizes[i] > 0 && p >= low && p <= high) usd += p * sizes[i];
        }
        return usd;
    }
}
