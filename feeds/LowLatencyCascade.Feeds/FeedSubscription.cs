namespace LowLatencyCascade.Feeds;

/// <summary>What one connection subscribes to. Symbols are canonical (BTCUSDT); the protocol maps them to the venue's names.</summary>
public sealed record FeedSubscription(
    IReadOnlyList<string> Symbols,
    bool Liquidations = true,
    bool Trades = true,
    bool BookTicker = true,
    bool MarkPrice = true,
    bool OpenInterest = true)
{
    /// <summary>Binance only: subscribe to the all-market liquidation stream <c>!forceOrder@arr</c> instead of per-symbol streams.</summary>
    public bool AllMarketLiquidations { get; init; } = true;

    /// <summary>
    /// A shallow order book per symbol: Binance <c>&lt;s&gt;@depth20@500ms</c> (on <c>/public</c>), Bybit <c>orderbook.50.&lt;s&gt;</c>,
    /// OKX <c>books5</c>. Decoded into <see cref="Engine.Events.EventKind.Depth"/> slots.
    /// </summary>
    public bool Depth { get; init; } = true;
}
