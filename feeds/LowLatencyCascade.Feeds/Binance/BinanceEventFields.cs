namespace LowLatencyCascade.Feeds.Binance;

/// <summary>
/// The raw value bytes of every Binance field the decoder uses, collected in one pass over the frame whatever the
/// key order, then interpreted by event type. Empty = absent. Field letters are Binance's own.
/// </summary>
internal ref struct BinanceEventFields
{
    /// <summary><c>e</c>: forceOrder, aggTrade, bookTicker, markPriceUpdate.</summary>
    public ReadOnlySpan<byte> EventType;
    /// <summary><c>E</c>: event time (ms).</summary>
    public ReadOnlySpan<byte> EventTime;
    /// <summary><c>T</c>: trade / transaction time (ms); in forceOrder it sits in the order object <c>o</c>.</summary>
    public ReadOnlySpan<byte> TradeTime;
    /// <summary><c>s</c>.</summary>
    public ReadOnlySpan<byte> Symbol;
    /// <summary><c>S</c>: the liquidation ORDER side (BUY/SELL).</summary>
    public ReadOnlySpan<byte> OrderSide;
    /// <summary><c>p</c>: price (order price, trade price or mark price by event).</summary>
    public ReadOnlySpan<byte> Price;
    /// <summary><c>q</c>: quantity (original quantity for forceOrder).</summary>
    public ReadOnlySpan<byte> Quantity;
    /// <summary><c>ap</c>: average fill price of a liquidation order.</summary>
    public ReadOnlySpan<byte> AveragePrice;
    /// <summary><c>z</c>: accumulated filled quantity of a liquidation order.</summary>
    public ReadOnlySpan<byte> FilledQuantity;
    /// <summary><c>m</c>: the buyer is the maker.</summary>
    public ReadOnlySpan<byte> BuyerIsMaker;
    public ReadOnlySpan<byte> BidPrice;   // b
    public ReadOnlySpan<byte> BidQuantity; // B
    public ReadOnlySpan<byte> AskPrice;   // a
    public ReadOnlySpan<byte> AskQuantity; // A
    /// <summary><c>r</c>: funding rate.</summary>
    public ReadOnlySpan<byte> FundingRate;
    /// <summary><c>result</c> or <c>id</c>: an answer to a (un)subscribe request.</summary>
    public bool IsResponse;
    /// <summary><c>error</c>: a request was refused.</summary>
    public bool IsError;
    /// <summary><c>b</c> / <c>a</c> came as level arrays (a partial-depth <c>depthUpdate</c>), read into the decoder's depth scratch.</summary>
    public bool HasLevels;
    /// <summary>A level array held an unreadable level.</summary>
    public bool BadLevels;
}
