namespace LowLatencyCascade.Engine.Events;

/// <summary>What a ring slot carries. One byte: the slot stays small and blittable.</summary>
public enum EventKind : byte
{
    None = 0,
    /// <summary>A forced liquidation. <see cref="MarketEvent.Side"/> is the side whose positions were liquidated.</summary>
    Liquidation = 1,
    /// <summary>A public trade. <see cref="MarketEvent.Side"/> is the taker (aggressor) side: Long = buy, Short = sell.</summary>
    Trade = 2,
    /// <summary>Best bid/ask.</summary>
    BookTicker = 3,
    /// <summary>Mark price and funding rate.</summary>
    MarkPrice = 4,
    /// <summary>Open interest (in base units in <see cref="MarketEvent.OpenInterest"/>, USD in <see cref="MarketEvent.NotionalUsd"/>).</summary>
    OpenInterest = 5,
    /// <summary>A frame that could not be decoded: published so that every received frame is accounted for; see <see cref="MarketEvent.Reject"/>.</summary>
    Rejected = 6,
    /// <summary>A connection was lost (a capture's empty line, or a live disconnect): windows may have a gap.</summary>
    Gap = 7,
    /// <summary>
    /// A shallow order book's summary (<see cref="MarketEvent.Depth"/>: levels per side, USD within 10 and 50 bps of the
    /// mid) with the book's best bid and ask in <see cref="MarketEvent.BidPrice"/> ... <see cref="MarketEvent.AskQty"/>.
    /// </summary>
    Depth = 8,
}
