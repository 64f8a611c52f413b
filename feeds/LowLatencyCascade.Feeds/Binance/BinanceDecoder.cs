using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Depth;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Binance;

/// <summary>
/// Decodes Binance USD-M futures frames: combined-stream frames <c>{"stream":"...","data":{...}}</c> (and the same
/// payloads on a raw <c>/ws</c> connection) for forceOrder, aggTrade, bookTicker and markPriceUpdate, plus the
/// <c>{"result":null,"id":1}</c> answers to requests. Reads the frame bytes in place and allocates nothing.
/// </summary>
public sealed class BinanceDecoder : IFrameDecoder
{
    private readonly SymbolTable _symbols;
    // Where an escaped symbol name is unescaped; one per decoder, as a decoder serves one connection's thread.
    private readonly byte[] _symbolScratch = new byte[SymbolTable.MaxNameLength * 6];
    // Where a partial-depth frame's levels are read; one per decoder for the same reason.
    private readonly DepthScratch _depth = new();
    private long _errorResponses;

    public BinanceDecoder(SymbolTable symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        _symbols = symbols;
    }

    public Exchange Exchange => Exchange.Binance;

    /// <summary>Frames in which Binance refused a request (<c>{"error":{...}}</c>); they are Control frames, counted here.</summary>
    public long ErrorResponses => Volatile.Read(ref _errorResponses);

    public FrameResult Decode(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink)
    {
        var fields = new BinanceEventFields();
        RejectReason reason;
        try
        {
            _depth.Clear();
            reason = Collect(frame, ref fields, _symbolScratch, _depth);
        }
        catch (JsonException)
        {
            reason = RejectReason.MalformedJson;
        }
        if (reason != RejectReason.None) return EventSlots.Reject(sink, Exchange.Binance, context, reason);

        var type = fields.EventType;
        if (type.IsEmpty)
        {
            if (fields.IsError) { Interlocked.Increment(ref _errorResponses); return FrameResult.Control; }
            return fields.IsResponse ? FrameResult.Control : EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.UnknownMessage);
        }
        if (type.SequenceEqual("forceOrder"u8)) return Liquidation(ref fields, context, sink);
        if (type.SequenceEqual("aggTrade"u8)) return Trade(ref fields, context, sink);
        if (type.SequenceEqual("bookTicker"u8)) return BookTicker(ref fields, context, sink);
        if (type.SequenceEqual("markPriceUpdate"u8)) return MarkPrice(ref fields, context, sink);
        if (type.SequenceEqual("depthUpdate"u8)) return PartialDepth(ref fields, context, sink);
        return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.UnknownMessage);
    }

    private static RejectReason Collect(ReadOnlySpan<byte> frame, ref BinanceEventFields fields, byte[] scratch, DepthScratch depth)
    {
        var reader = new Utf8JsonReader(frame, FrameJson.ReaderOptions);
        if (!reader.Read()) return RejectReason.MalformedJson;
        if (reader.TokenType != JsonTokenType.StartObject) return RejectReason.UnknownMessage;
        return CollectObject(ref reader, ref fields, scratch, depth, 0) ? RejectReason.None : RejectReason.MalformedJson;
    }

    /// <summary>
    /// One pass over an object: the wrapper's <c>data</c> and forceOrder's order object <c>o</c> are read into the
    /// same field set (their keys do not overlap), so neither nesting nor key order matters.
    /// </summary>
    private static bool CollectObject(ref Utf8JsonReader reader, ref BinanceEventFields f, byte[] scratch, DepthScratch levels, int depth)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return true;
            if (reader.TokenType != JsonTokenType.PropertyName) return false;
            var key = reader.ValueIsEscaped ? default : reader.ValueSpan;
            if (!reader.Read()) return false;

            if (key.Length == 1)
            {
                switch (key[0])
                {
                    case (byte)'e': f.EventType = FrameJson.Scalar(ref reader); continue;
                    case (byte)'E': f.EventTime = FrameJson.Scalar(ref reader); continue;
                    case (byte)'T': f.TradeTime = FrameJson.Scalar(ref reader); continue;
                    case (byte)'s': f.Symbol = FrameJson.Text(ref reader, scratch); continue;
                    case (byte)'S': f.OrderSide = FrameJson.Scalar(ref reader); continue;
                    case (byte)'p': f.Price = FrameJson.Scalar(ref reader); continue;
                    case (byte)'q': f.Quantity = FrameJson.Scalar(ref reader); continue;
                    case (byte)'z': f.FilledQuantity = FrameJson.Scalar(ref reader); continue;
                    case (byte)'m': f.BuyerIsMaker = FrameJson.Scalar(ref reader); continue;
                    case (byte)'b' when reader.TokenType == JsonTokenType.StartArray:
                        f.HasLevels = true;
                        f.BadLevels |= !levels.Bids.Read(ref reader, 1);
                        continue;
                    case (byte)'a' when reader.TokenType == JsonTokenType.StartArray:
                        f.HasLevels = true;
                        f.BadLevels |= !levels.Asks.Read(ref reader, 1);
                        continue;
                    case (byte)'b': f.BidPrice = FrameJson.Scalar(ref reader); continue;
                    case (byte)'B': f.BidQuantity = FrameJson.Scalar(ref reader); continue;
                    case (byte)'a': f.AskPrice = FrameJson.Scalar(ref reader); continue;
                    case (byte)'A': f.AskQuantity = FrameJson.Scalar(ref reader); continue;
                    case (byte)'r': f.FundingRate = FrameJson.Scalar(ref reader); continue;
                    case (byte)'o':
                        // forceOrder's order object; elsewhere 'o' is the order type string.
                        if (reader.TokenType == JsonTokenType.StartObject && depth < 2)
                        {
                            if (!CollectObject(ref reader, ref f, scratch, levels, depth + 1)) return false;
                        }
                        else
                        {
                            reader.Skip();
                        }
                        continue;
                }
            }
            else if (key.SequenceEqual("ap"u8)) { f.AveragePrice = FrameJson.Scalar(ref reader); continue; }
            else if (key.SequenceEqual("data"u8) && depth == 0 && reader.TokenType == JsonTokenType.StartObject)
            {
                if (!CollectObject(ref reader, ref f, scratch, levels, depth + 1)) return false;
                continue;
            }
            else if (depth == 0 && (key.SequenceEqual("result"u8) || key.SequenceEqual("id"u8)))
            {
                f.IsResponse = true;
            }
            else if (depth == 0 && key.SequenceEqual("error"u8))
            {
                f.IsError = true;
            }
            reader.Skip();
        }
        return false;
    }

    private FrameResult Liquidation(ref BinanceEventFields f, in FrameContext context, IMarketEventSink sink)
    {
        if (f.OrderSide.IsEmpty) return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.MissingField);
        // S is the side of the liquidation ORDER: a SELL order closes a long position, so longs were liquidated.
        Side side;
        if (f.OrderSide.SequenceEqual("SELL"u8)) side = Side.Long;
        else if (f.OrderSide.SequenceEqual("BUY"u8)) side = Side.Short;
        else return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.UnknownMessage);

        // Average fill price and filled quantity describe what actually traded; an order not (yet) filled
        // reports them as 0, then the order's own price and quantity are the best estimate.
        double quantity = 0;
        var reason = PreferFilled(f.AveragePrice, f.Price, out double price);
        if (reason == RejectReason.None) reason = PreferFilled(f.FilledQuantity, f.Quantity, out quantity);
        if (reason != RejectReason.None) return EventSlots.Reject(sink, Exchange.Binance, context, reason);
        if (!TryTime(ref f, out long timeMs)) return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.BadNumber);
        if (!EventSlots.TryResolveSymbol(_symbols, f.Symbol, out int symbolId, out reason)) return EventSlots.Reject(sink, Exchange.Binance, context, reason);

        EventSlots.CommitPriced(sink, Exchange.Binance, context, EventKind.Liquidation, symbolId, side, price, quantity, timeMs);
        return FrameResult.Events(1);
    }

    private FrameResult Trade(ref BinanceEventFields f, in FrameContext context, IMarketEventSink sink)
    {
        double quantity = 0;
        var reason = FrameJson.Required(f.Price, out double price);
        if (reason == RejectReason.None) reason = FrameJson.Required(f.Quantity, out quantity);
        if (reason != RejectReason.None) return EventSlots.Reject(sink, Exchange.Binance, context, reason);
        // m = buyer is the maker, so the seller took liquidity: a sell-initiated trade.
        Side side;
        if (f.BuyerIsMaker.SequenceEqual("true"u8)) side = Side.Short;
        else if (f.BuyerIsMaker.SequenceEqual("false"u8)) side = Side.Long;
        else return EventSlots.Reject(sink, Exchange.Binance, context, f.BuyerIsMaker.IsEmpty ? RejectReason.MissingField : RejectReason.BadNumber);
        if (!TryTime(ref f, out long timeMs)) return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.BadNumber);
        if (!EventSlots.TryResolveSymbol(_symbols, f.Symbol, out int symbolId, out reason)) return EventSlots.Reject(sink, Exchange.Binance, context, reason);

        EventSlots.CommitPriced(sink, Exchange.Binance, context, EventKind.Trade, symbolId, side, price, quantity, timeMs);
        return FrameResult.Events(1);
    }

    private FrameResult BookTicker(ref BinanceEventFields f, in FrameContext context, IMarketEventSink sink)
    {
        double bid = 0, bidQty = 0, ask = 0, askQty = 0;
        var reason = FrameJson.Required(f.BidPrice, out bid);
        if (reason == RejectReason.None) reason = FrameJson.Required(f.BidQuantity, out bidQty);
        if (reason == RejectReason.None) reason = FrameJson.Required(f.AskPrice, out ask);
        if (reason == RejectReason.None) reason = FrameJson.Required(f.AskQuantity, out askQty);
        if (reason != RejectReason.None) return EventSlots.Reject(sink, Exchange.Binance, context, reason);
        if (!TryTime(ref f, out long timeMs)) return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.BadNumber);
        if (!EventSlots.TryResolveSymbol(_symbols, f.Symbol, out int symbolId, out reason)) return EventSlots.Reject(sink, Exchange.Binance, context, reason);

        ref MarketEvent slot = ref EventSlots.Begin(sink, Exchange.Binance, context);
        slot.Kind = EventKind.BookTicker;
        slot.SymbolId = symbolId;
        slot.BidPrice = bid;
        slot.BidQty = bidQty;
        slot.AskPrice = ask;
        slot.AskQty = askQty;
        slot.ExchangeTimeMs = timeMs;
        EventSlots.Commit(sink, ref slot);
        return FrameResult.Events(1);
    }

    private FrameResult MarkPrice(ref BinanceEventFields f, in FrameContext context, IMarketEventSink sink)
    {
        double funding = 0;
        var reason = FrameJson.Required(f.Price, out double mark);
        if (reason == RejectReason.None) reason = FrameJson.Required(f.FundingRate, out funding);
        if (reason != RejectReason.None) return EventSlots.Reject(sink, Exchange.Binance, context, reason);
        // markPriceUpdate's T is the next funding time, not the event's: only E dates it.
        if (FrameJson.Integer(f.EventTime, out long timeMs) == FieldStatus.Bad) return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.BadNumber);
        if (!EventSlots.TryResolveSymbol(_symbols, f.Symbol, out int symbolId, out reason)) return EventSlots.Reject(sink, Exchange.Binance, context, reason);

        ref MarketEvent slot = ref EventSlots.Begin(sink, Exchange.Binance, context);
        slot.Kind = EventKind.MarkPrice;
        slot.SymbolId = symbolId;
        slot.Price = mark;
        slot.FundingRate = funding;
        slot.ExchangeTimeMs = timeMs;
        EventSlots.Commit(sink, ref slot);
        return FrameResult.Events(1);
    }

    /// <summary>
    /// A partial book depth stream (<c>&lt;symbol&gt;@depth&lt;levels&gt;@500ms</c>, on the <c>/public</c> route): the top
    /// levels of both sides, each frame the whole shallow book, so no merge is needed. One Depth slot.
    /// </summary>
    private FrameResult PartialDepth(ref BinanceEventFields f, in FrameContext context, IMarketEventSink sink)
    {
        if (!f.HasLevels) return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.MissingField);
        if (f.BadLevels) return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.BadNumber);
        if (!TryTime(ref f, out long timeMs)) return EventSlots.Reject(sink, Exchange.Binance, context, RejectReason.BadNumber);
        if (!EventSlots.TryResolveSymbol(_symbols, f.Symbol, out int symbolId, out var reason)) return EventSlots.Reject(sink, Exchange.Binance, context, reason);

        DepthSummary.Commit(sink, Exchange.Binance, context, symbolId, timeMs, _depth.Bids, _depth.Asks);
        return FrameResult.Events(1);
    }

    /// <summary>The filled figure when it is there and positive, otherwise the order's own figure.</summary>
    private static RejectReason PreferFilled(ReadOnlySpan<byte> filled, ReadOnlySpan<byte> ordered, out double result)
    {
        var status = FrameJson.Number(filled, out result);
        if (status == FieldStatus.Bad) return RejectReason.BadNumber;
        if (status == FieldStatus.Ok && result > 0) return RejectReason.None;
        var reason = FrameJson.Required(ordered, out result);
        if (reason == RejectReason.None && result <= 0) return RejectReason.BadNumber;
        return reason;
    }

    /// <summary>The event's own time <c>T</c>, else the push time <c>E</c>; 0 when Binance gave neither.</summary>
    private static bool TryTime(ref BinanceEventFields f, out long timeMs)
    {
        var status = FrameJson.Integer(f.TradeTime, out timeMs);
        if (status == FieldStatus.Ok) return true;
        if (status == FieldStatus.Bad) return false;
        return FrameJson.Integer(f.EventTime, out timeMs) != FieldStatus.Bad;
    }
}
