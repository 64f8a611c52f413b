using System.Runtime.CompilerServices;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Depth;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Bybit;

/// <summary>
/// Decodes Bybit v5 public linear frames: <c>allLiquidation</c>, <c>publicTrade</c>, <c>orderbook.1</c>,
/// <c>orderbook.50</c> (merged per symbol into a shallow book) and <c>tickers</c>, plus the <c>op</c> answers (subscribe, pong). Keeps per-symbol book tops and ticker snapshots
/// (preallocated, indexed by symbol id) because Bybit sends deltas. Allocates nothing per frame.
/// </summary>
public sealed class BybitDecoder : IFrameDecoder
{
    private readonly SymbolTable _symbols;
    private readonly BybitTickerState[] _tickers;
    private readonly BybitBookTop[] _books;
    // Where an escaped symbol name is unescaped; one per decoder, as a decoder serves one connection's thread.
    private readonly byte[] _symbolScratch = new byte[SymbolTable.MaxNameLength * 6];
    private readonly DepthScratch _depthFrame = new();
    private readonly BybitDepthBooks _depthBooks;
    private long _errorResponses;

    public BybitDecoder(SymbolTable symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        _symbols = symbols;
        _tickers = new BybitTickerState[symbols.Capacity];
        _books = new BybitBookTop[symbols.Capacity];
        _depthBooks = new BybitDepthBooks(symbols.Capacity);
    }

    /// <summary><c>orderbook.50</c> deltas that came before any snapshot of their symbol (nothing to merge into): absorbed as control.</summary>
    public long DepthDeltasWithoutSnapshot => _depthBooks.DeltasWithoutSnapshot;

    public Exchange Exchange => Exchange.Bybit;

    /// <summary>Answers with <c>"success":false</c> (a refused subscription, for instance); Control frames, counted here.</summary>
    public long ErrorResponses => Volatile.Read(ref _errorResponses);

    /// <summary>The top-level fields of a frame; <c>data</c> is decoded once the topic (and, where needed, <c>ts</c>) is known.</summary>
    private ref struct Header
    {
        public ReadOnlySpan<byte> Topic;
        public ReadOnlySpan<byte> Type;
        public ReadOnlySpan<byte> Ts;
        public ReadOnlySpan<byte> Success;
        public bool HasOp;
        public int DeferredData;
    }

    public FrameResult Decode(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink)
    {
        int committed = 0;
        try
        {
            var reader = new Utf8JsonReader(frame, FrameJson.ReaderOptions);
            if (!reader.Read()) return Reject(sink, context, RejectReason.MalformedJson, 0);
            if (reader.TokenType != JsonTokenType.StartObject) return Reject(sink, context, RejectReason.UnknownMessage, 0);

            var header = new Header { DeferredData = -1 };
            var result = default(FrameResult);
            bool decoded = false;
            while (true)
            {
                if (!reader.Read()) return Reject(sink, context, RejectReason.MalformedJson, committed);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.TokenType != JsonTokenType.PropertyName) return Reject(sink, context, RejectReason.MalformedJson, committed);
                bool isTopic = reader.ValueTextEquals("topic"u8);
                bool isType = !isTopic && reader.ValueTextEquals("type"u8);
                bool isTs = !isTopic && !isType && reader.ValueTextEquals("ts"u8);
                bool isData = !isTopic && !isType && !isTs && reader.ValueTextEquals("data"u8);
                bool isOp = reader.ValueTextEquals("op"u8);
                bool isSuccess = reader.ValueTextEquals("success"u8);
                if (!reader.Read()) return Reject(sink, context, RejectReason.MalformedJson, committed);

                if (isTopic) header.Topic = FrameJson.Scalar(ref reader);
                else if (isType) header.Type = FrameJson.Scalar(ref reader);
                else if (isTs) header.Ts = FrameJson.Scalar(ref reader);
                else if (isOp) { header.HasOp = true; reader.Skip(); }
                else if (isSuccess) header.Success = FrameJson.Scalar(ref reader);
                else if (isData && !decoded && CanDecodeNow(header))
                {
                    result = DecodeData(ref reader, ref header, context, sink, ref committed);
                    decoded = true;
                    if (result.Outcome == FrameOutcome.Rejected) return result;
                }
                else if (isData && !decoded && header.DeferredData < 0)
                {
                    // The topic (or the ts an order book or ticker is dated by) comes later in this frame.
                    header.DeferredData = (int)reader.TokenStartIndex;
                    reader.Skip();
                }
                else reader.Skip();
            }

            if (decoded) return result;
            if (header.DeferredData >= 0 && !header.Topic.IsEmpty)
            {
                var dataReader = new Utf8JsonReader(frame[header.DeferredData..], FrameJson.ReaderOptions);
                dataReader.Read();
                return DecodeData(ref dataReader, ref header, context, sink, ref committed);
            }
            if (header.HasOp)
            {
                if (header.Success.SequenceEqual("false"u8)) Interlocked.Increment(ref _errorResponses);
                return FrameResult.Control;
            }
            return Reject(sink, context, header.Topic.IsEmpty ? RejectReason.UnknownMessage : RejectReason.MissingField, committed);
        }
        catch (JsonException)
        {
            return Reject(sink, context, RejectReason.MalformedJson, committed);
        }
    }

    /// <summary>Liquidations and trades carry their own time; books and tickers need the frame's <c>ts</c> first.</summary>
    private static bool CanDecodeNow(in Header header)
    {
        if (header.Topic.IsEmpty) return false;
        var topic = BybitTopics.Parse(header.Topic, out _);
        return topic is BybitTopic.AllLiquidation or BybitTopic.PublicTrade or BybitTopic.Unknown || !header.Ts.IsEmpty;
    }

    private FrameResult DecodeData(ref Utf8JsonReader reader, ref Header header, in FrameContext context, IMarketEventSink sink, ref int committed)
    {
        var topic = BybitTopics.Parse(header.Topic, out var topicSymbol);
        switch (topic)
        {
            case BybitTopic.AllLiquidation:
            case BybitTopic.PublicTrade:
                return Executions(ref reader, topic, topicSymbol, context, sink, ref committed);
            case BybitTopic.OrderbookTop:
                return Book(ref reader, ref header, topicSymbol, context, sink, ref committed);
            case BybitTopic.Tickers:
                return Ticker(ref reader, ref header, topicSymbol, context, sink, ref committed);
            case BybitTopic.OrderbookDepth:
                return DepthBook(ref reader, ref header, topicSymbol, context, sink, ref committed);
            default:
                reader.Skip();
                return Reject(sink, context, RejectReason.UnknownMessage, committed);
        }
    }

    /// <summary>
    /// <c>allLiquidation</c> and <c>publicTrade</c> share one element shape: <c>{T, s, S, v, p}</c>.
    /// For a liquidation S is the POSITION side: Bybit's v5 docs (websocket/public/all-liquidation) say
    /// "When you receive a Buy update, this means that a long position has been liquidated", so Buy = longs
    /// liquidated. For a trade S is the taker's side, so Buy = buyer-initiated = Long as well.
    /// </summary>
    private FrameResult Executions(ref Utf8JsonReader reader, BybitTopic topic, ReadOnlySpan<byte> topicSymbol, in FrameContext context,
        IMarketEventSink sink, ref int committed)
    {
        RejectReason reason;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // The docs' field table calls data an object while their example shows an array: take either.
            reason = Execution(ref reader, topic, topicSymbol, context, sink);
            if (reason != RejectReason.None) return Reject(sink, context, reason, committed);
            committed++;
            return FrameResult.Events(committed);
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return Reject(sink, context, RejectReason.UnknownMessage, committed);
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return Reject(sink, context, RejectReason.UnknownMessage, committed);
            }
            reason = Execution(ref reader, topic, topicSymbol, context, sink);
            if (reason != RejectReason.None) return Reject(sink, context, reason, committed);
            committed++;
        }
        return committed > 0 ? FrameResult.Events(committed) : FrameResult.Control;
    }

    /// <summary>One <c>{T, s, S, v, p}</c> element (the reader is on its StartObject) into one slot.</summary>
    private RejectReason Execution(ref Utf8JsonReader reader, BybitTopic topic, ReadOnlySpan<byte> topicSymbol, in FrameContext context, IMarketEventSink sink)
    {
        ReadOnlySpan<byte> time = default, symbol = default, side = default, size = default, price = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.ValueIsEscaped ? default : reader.ValueSpan;
            reader.Read();
            if (key.Length != 1) { reader.Skip(); continue; }
            switch (key[0])
            {
                case (byte)'T': time = FrameJson.Scalar(ref reader); break;
                case (byte)'s': symbol = FrameJson.Text(ref reader, _symbolScratch); break;
                case (byte)'S': side = FrameJson.Scalar(ref reader); break;
                case (byte)'v': size = FrameJson.Scalar(ref reader); break;
                case (byte)'p': price = FrameJson.Scalar(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        Side normalized;
        if (side.SequenceEqual("Buy"u8)) normalized = Side.Long;
        else if (side.SequenceEqual("Sell"u8)) normalized = Side.Short;
        else return side.IsEmpty ? RejectReason.MissingField : RejectReason.UnknownMessage;
        double v = 0;
        long timeMs = 0;
        var reason = FrameJson.Required(price, out double p);
        if (reason == RejectReason.None) reason = FrameJson.Required(size, out v);
        if (reason == RejectReason.None) reason = FrameJson.RequiredTime(time, out timeMs);
        if (reason != RejectReason.None) return reason;
        if (!EventSlots.TryResolveSymbol(_symbols, symbol.IsEmpty ? topicSymbol : symbol, out int symbolId, out reason)) return reason;

        EventSlots.CommitPriced(sink, Exchange.Bybit, context, topic == BybitTopic.AllLiquidation ? EventKind.Liquidation : EventKind.Trade, symbolId, normalized, p, v, timeMs);
        return RejectReason.None;
    }

    /// <summary>
    /// What <c>orderbook.1</c> and <c>tickers</c> check before merging into the symbol's held state: a data object,
    /// a known symbol, a snapshot or delta type, a valid <c>ts</c>. On failure the data is skipped and one rejected
    /// slot is published (<paramref name="rejected"/> says so).
    /// </summary>
    private bool TryBeginSnapshotOrDelta(ref Utf8JsonReader reader, ref Header header, ReadOnlySpan<byte> topicSymbol, in FrameContext context,
        IMarketEventSink sink, out int symbolId, out bool snapshot, out long timeMs, out FrameResult rejected)
    {
        snapshot = header.Type.SequenceEqual("snapshot"u8);
        timeMs = 0;
        symbolId = -1;
        RejectReason reason = RejectReason.None;
        if (reader.TokenType != JsonTokenType.StartObject) reason = RejectReason.UnknownMessage;
        else if (!EventSlots.TryResolveSymbol(_symbols, topicSymbol, out symbolId, out reason)) { }
        else if (!snapshot && !header.Type.SequenceEqual("delta"u8)) reason = header.Type.IsEmpty ? RejectReason.MissingField : RejectReason.UnknownMessage;
        else if (FrameJson.Integer(header.Ts, out timeMs) == FieldStatus.Bad) reason = RejectReason.BadNumber;
        if (reason == RejectReason.None) { rejected = default; return true; }
        reader.Skip();
        rejected = Reject(sink, context, reason, 0);
        return false;
    }

    /// <summary><c>orderbook.1</c>: <c>{s, b:[[price,size]], a:[[price,size]], u, seq}</c>, a snapshot or a delta.</summary>
    private FrameResult Book(ref Utf8JsonReader reader, ref Header header, ReadOnlySpan<byte> topicSymbol, in FrameContext context, IMarketEventSink sink,
        ref int committed)
    {
        if (!TryBeginSnapshotOrDelta(ref reader, ref header, topicSymbol, context, sink, out int symbolId, out bool snapshot, out long timeMs, out var rejected))
            return rejected;

        // Work on a copy: a bad level leaves the held book as it was.
        var top = snapshot ? default : _books[symbolId];
        bool bad = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool bids = reader.ValueTextEquals("b"u8);
            bool asks = !bids && reader.ValueTextEquals("a"u8);
            reader.Read();
            if (!bids && !asks) { reader.Skip(); continue; }
            if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); bad = true; continue; }
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (FrameJson.PriceLevel(ref reader, out double price, out double size) != FieldStatus.Ok) { bad = true; continue; }
                if (bids) BybitBookTop.Apply(ref top.BidPrice, ref top.BidQty, price, size);
                else BybitBookTop.Apply(ref top.AskPrice, ref top.AskQty, price, size);
            }
        }
        if (bad) return Reject(sink, context, RejectReason.BadNumber, 0);
        _books[symbolId] = top;

        ref MarketEvent slot = ref EventSlots.Begin(sink, Exchange.Bybit, context);
        slot.Kind = EventKind.BookTicker;
        slot.SymbolId = symbolId;
        slot.BidPrice = top.BidPrice;
        slot.BidQty = top.BidQty;
        slot.AskPrice = top.AskPrice;
        slot.AskQty = top.AskQty;
        slot.ExchangeTimeMs = timeMs;
        EventSlots.Commit(sink, ref slot);
        committed++;
        return FrameResult.Events(committed);
    }

    /// <summary>
    /// <c>orderbook.50</c>: <c>{s, b, a, u, seq}</c>. The levels are read first (u comes after them), then merged into
    /// the symbol's book: a snapshot, or any message with <c>u</c> = 1 (Bybit's snapshot after a service restart),
    /// replaces it; a delta applies level by level. A bad level leaves the held book as it was. One Depth slot.
    /// </summary>
    private FrameResult DepthBook(ref Utf8JsonReader reader, ref Header header, ReadOnlySpan<byte> topicSymbol, in FrameContext context,
        IMarketEventSink sink, ref int committed)
    {
        if (!TryBeginSnapshotOrDelta(ref reader, ref header, topicSymbol, context, sink, out int symbolId, out bool snapshot, out long timeMs, out var rejected))
            return rejected;
        _depthFrame.Clear();
        bool bad = false;
        long updateId = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool bids = reader.ValueTextEquals("b"u8);
            bool asks = !bids && reader.ValueTextEquals("a"u8);
            bool u = !bids && !asks && reader.ValueTextEquals("u"u8);
            reader.Read();
            if (bids) bad |= !_depthFrame.Bids.Read(ref reader, 1);
            else if (asks) bad |= !_depthFrame.Asks.Read(ref reader, 1);
            else if (u) bad |= FrameJson.Integer(FrameJson.Scalar(ref reader), out updateId) == FieldStatus.Bad;
            else reader.Skip();
        }
        if (bad) return Reject(sink, context, RejectReason.BadNumber, 0);
        var book = _depthBooks.Merge(symbolId, snapshot || updateId == 1, _depthFrame);
        if (book is null) return committed > 0 ? FrameResult.Events(committed) : FrameResult.Control;

        DepthSummary.Commit(sink, Exchange.Bybit, context, symbolId, timeMs, book.Bids, book.Asks);
        committed++;
        return FrameResult.Events(committed);
    }

    /// <summary>
    /// <c>tickers</c>: a snapshot replaces the symbol's held ticker, a delta overwrites only the fields it carries.
    /// A MarkPrice slot is published when mark price or funding changed, an OpenInterest slot when open interest
    /// changed; a delta that changes neither (last price, volume...) is absorbed and the frame counts as Control.
    /// </summary>
    private FrameResult Ticker(ref Utf8JsonReader reader, ref Header header, ReadOnlySpan<byte> topicSymbol, in FrameContext context,
        IMarketEventSink sink, ref int committed)
    {
        if (!TryBeginSnapshotOrDelta(ref reader, ref header, topicSymbol, context, sink, out int symbolId, out bool snapshot, out long timeMs, out var rejected))
            return rejected;

        ref BybitTickerState held = ref _tickers[symbolId];
        var next = snapshot ? default : held;
        bool bad = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            scoped ref double target = ref Unsafe.NullRef<double>();
            if (reader.ValueTextEquals("markPrice"u8)) target = ref next.MarkPrice;
            else if (reader.ValueTextEquals("fundingRate"u8)) target = ref next.FundingRate;
            else if (reader.ValueTextEquals("openInterest"u8)) target = ref next.OpenInterest;
            else if (reader.ValueTextEquals("openInterestValue"u8)) target = ref next.OpenInterestValue;
            else if (reader.ValueTextEquals("bid1Price"u8)) target = ref next.BidPrice;
            else if (reader.ValueTextEquals("bid1Size"u8)) target = ref next.BidQty;
            else if (reader.ValueTextEquals("ask1Price"u8)) target = ref next.AskPrice;
            else if (reader.ValueTextEquals("ask1Size"u8)) target = ref next.AskQty;
            reader.Read();
            var value = FrameJson.Scalar(ref reader);
            if (Unsafe.IsNullRef(ref target)) continue;
            // Bybit sends "" for a field it has no value for (funding of a contract without funding, for instance).
            var status = FrameJson.Number(value, out double number);
            if (status == FieldStatus.Ok) target = number;
            else if (status == FieldStatus.Bad) bad = true;
        }
        if (bad) return Reject(sink, context, RejectReason.BadNumber, 0);

        bool markChanged = snapshot || next.MarkPrice != held.MarkPrice || next.FundingRate != held.FundingRate;
        bool oiChanged = snapshot || next.OpenInterest != held.OpenInterest || next.OpenInterestValue != held.OpenInterestValue;
        held = next;

        if (markChanged && next.MarkPrice > 0)
        {
            ref MarketEvent slot = ref EventSlots.Begin(sink, Exchange.Bybit, context);
            slot.Kind = EventKind.MarkPrice;
            slot.SymbolId = symbolId;
            slot.Price = next.MarkPrice;
            slot.FundingRate = next.FundingRate;
            slot.BidPrice = next.BidPrice;
            slot.BidQty = next.BidQty;
            slot.AskPrice = next.AskPrice;
            slot.AskQty = next.AskQty;
            slot.ExchangeTimeMs = timeMs;
            EventSlots.Commit(sink, ref slot);
            committed++;
        }
        if (oiChanged && (next.OpenInterest > 0 || next.OpenInterestValue > 0))
        {
            ref MarketEvent slot = ref EventSlots.Begin(sink, Exchange.Bybit, context);
            slot.Kind = EventKind.OpenInterest;
            slot.SymbolId = symbolId;
            slot.Price = next.MarkPrice;
            slot.OpenInterest = next.OpenInterest;
            slot.NotionalUsd = next.OpenInterestValue;
            slot.ExchangeTimeMs = timeMs;
            EventSlots.Commit(sink, ref slot);
            committed++;
        }
        return committed > 0 ? FrameResult.Events(committed) : FrameResult.Control;
    }

    private static FrameResult Reject(IMarketEventSink sink, in FrameContext context, RejectReason reason, int committed) =>
        EventSlots.Reject(sink, Exchange.Bybit, context, reason, committed);
}
