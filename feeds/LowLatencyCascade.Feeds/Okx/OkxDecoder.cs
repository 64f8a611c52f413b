using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Depth;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Okx;

/// <summary>
/// Decodes OKX v5 public frames (<c>{"arg":{"channel":...},"data":[...]}</c>) of the liquidation-orders, trades,
/// bbo-tbt, funding-rate, mark-price and open-interest channels, plus <c>event</c> answers and the text <c>pong</c>.
/// Sizes come in contracts and are multiplied by the contract value from <see cref="OkxInstruments"/>.
/// <para>
/// Scope: only USDT/USDC-margined swaps map to our symbols. The liquidation channel (subscribed per instrument type)
/// also carries inverse swaps such as <c>BTC-USD-SWAP</c>: those are valid data outside our scope, so they are skipped
/// and counted in <see cref="OutOfScopeInstruments"/>, not rejected (rejections are kept for frames that are wrong).
/// A frame with nothing in scope counts as Control. A linear swap whose contract value is unknown is rejected with
/// <see cref="RejectReason.UnknownSymbol"/>: its quantities cannot be stated.
/// </para>
/// <para>
/// Liquidations: the details of a push are not in time order (OKX: "not necessarily in chronological order"), and
/// every detail is decoded whatever its place. OKX can send recent liquidations again when the channel is
/// (re)subscribed; the decoder lives as long as its connection (across reconnects), and an
/// <see cref="OkxLiquidationReplayFilter"/> recognizes a detail it has already published (same instId, side,
/// posSide, bkPx, sz, ts): it is skipped and counted in <see cref="ReplayedLiquidations"/>. A frame whose
/// liquidations were all replays becomes one <see cref="RejectReason.Duplicate"/> slot, as a redundant
/// connection's copy does, so it stays visible in the reject counters.
/// </para>
/// </summary>
public sealed class OkxDecoder : IFrameDecoder
{
    private readonly SymbolTable _symbols;
    private readonly OkxInstruments _instruments;
    // Mark price and funding arrive on separate channels; each MarkPrice slot carries the latest of both.
    private readonly double[] _markPrices;
    private readonly double[] _fundingRates;
    private readonly OkxLiquidationReplayFilter _replays = new();
    // Where a books5 push's levels are read (one decoder per connection thread).
    private readonly DepthScratch _depth = new();
    private long _errorEvents;
    private long _outOfScope;
    private long _replayed;

    public OkxDecoder(SymbolTable symbols, OkxInstruments instruments)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(instruments);
        _symbols = symbols;
        _instruments = instruments;
        _markPrices = new double[symbols.Capacity];
        _fundingRates = new double[symbols.Capacity];
    }

    public Exchange Exchange => Exchange.Okx;

    /// <summary><c>{"event":"error",...}</c> answers (a refused subscription, for instance); Control frames, counted here.</summary>
    public long ErrorEvents => Volatile.Read(ref _errorEvents);

    /// <summary>Events about instruments outside our scope (inverse swaps, futures) that were skipped.</summary>
    public long OutOfScopeInstruments => Volatile.Read(ref _outOfScope);

    /// <summary>Liquidation details skipped because this decoder had published them already (a replay after a (re)subscribe).</summary>
    public long ReplayedLiquidations => Volatile.Read(ref _replayed);

    private struct Progress
    {
        public int Committed;
        public int OutOfScope;
        public int Replayed;
    }

    public FrameResult Decode(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink)
    {
        if (frame.SequenceEqual("pong"u8)) return FrameResult.Control;
        var progress = new Progress();
        RejectReason reason;
        try
        {
            reason = DecodeFrame(frame, context, sink, ref progress);
        }
        catch (JsonException)
        {
            reason = RejectReason.MalformedJson;
        }
        if (progress.OutOfScope > 0) Interlocked.Add(ref _outOfScope, progress.OutOfScope);
        if (progress.Replayed > 0) Interlocked.Add(ref _replayed, progress.Replayed);
        if (reason != RejectReason.None) return EventSlots.Reject(sink, Exchange.Okx, context, reason, progress.Committed);
        if (progress.Committed > 0) return FrameResult.Events(progress.Committed);
        return progress.Replayed > 0 ? EventSlots.Reject(sink, Exchange.Okx, context, RejectReason.Duplicate) : FrameResult.Control;
    }

    private RejectReason DecodeFrame(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink, ref Progress progress)
    {
        var reader = new Utf8JsonReader(frame, FrameJson.ReaderOptions);
        if (!reader.Read()) return RejectReason.MalformedJson;
        if (reader.TokenType != JsonTokenType.StartObject) return RejectReason.UnknownMessage;

        ReadOnlySpan<byte> channelName = default, argInstId = default, eventName = default;
        int deferredData = -1;
        bool decoded = false;
        while (true)
        {
            if (!reader.Read()) return RejectReason.MalformedJson;
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.TokenType != JsonTokenType.PropertyName) return RejectReason.MalformedJson;
            bool isArg = reader.ValueTextEquals("arg"u8);
            bool isData = !isArg && reader.ValueTextEquals("data"u8);
            bool isEvent = !isArg && !isData && reader.ValueTextEquals("event"u8);
            if (!reader.Read()) return RejectReason.MalformedJson;

            if (isArg && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool isChannel = reader.ValueTextEquals("channel"u8);
                    bool isInstId = !isChannel && reader.ValueTextEquals("instId"u8);
                    reader.Read();
                    var value = FrameJson.Scalar(ref reader);
                    if (isChannel) channelName = value;
                    else if (isInstId) argInstId = value;
                }
            }
            else if (isEvent)
            {
                eventName = FrameJson.Scalar(ref reader);
            }
            else if (isData && !decoded && !channelName.IsEmpty)
            {
                var reason = Data(ref reader, frame, 0, OkxChannels.Parse(channelName), argInstId, context, sink, ref progress);
                if (reason != RejectReason.None) return reason;
                decoded = true;
            }
            else if (isData && !decoded && deferredData < 0)
            {
                // "arg" names the channel; in the rare frame where it follows "data", decode data once it is known.
                deferredData = (int)reader.TokenStartIndex;
                reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }

        if (decoded) return RejectReason.None;
        if (!eventName.IsEmpty)
        {
            if (eventName.SequenceEqual("error"u8)) Interlocked.Increment(ref _errorEvents);
            return RejectReason.None;
        }
        if (deferredData >= 0 && !channelName.IsEmpty)
        {
            var dataReader = new Utf8JsonReader(frame[deferredData..], FrameJson.ReaderOptions);
            dataReader.Read();
            return Data(ref dataReader, frame, deferredData, OkxChannels.Parse(channelName), argInstId, context, sink, ref progress);
        }
        return channelName.IsEmpty ? RejectReason.UnknownMessage : RejectReason.MissingField;
    }

    /// <param name="readerBase">Where in <paramref name="frame"/> the reader's input starts, so offsets taken from it locate bytes in the frame.</param>
    private RejectReason Data(ref Utf8JsonReader reader, ReadOnlySpan<byte> frame, int readerBase, OkxChannel channel, ReadOnlySpan<byte> argInstId,
        in FrameContext context, IMarketEventSink sink, ref Progress progress)
    {
        if (channel == OkxChannel.Unknown || reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return RejectReason.UnknownMessage;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return RejectReason.UnknownMessage;
            }
            var reason = channel switch
            {
                OkxChannel.LiquidationOrders => Liquidations(ref reader, frame, readerBase, context, sink, ref progress),
                OkxChannel.Trades => Trade(ref reader, argInstId, context, sink, ref progress),
                OkxChannel.BboTbt => Bbo(ref reader, argInstId, context, sink, ref progress),
                OkxChannel.Books5 => Books5(ref reader, argInstId, context, sink, ref progress),
                OkxChannel.FundingRate or OkxChannel.MarkPrice => Mark(ref reader, channel, argInstId, context, sink, ref progress),
                _ => OpenInterest(ref reader, argInstId, context, sink, ref progress),
            };
            if (reason != RejectReason.None) return reason;
        }
        return RejectReason.None;
    }

    /// <summary>One liquidation-orders element: <c>{instId, instFamily, instType, details:[...]}</c>; OKX usually sends details first.</summary>
    private RejectReason Liquidations(ref Utf8JsonReader reader, ReadOnlySpan<byte> frame, int readerBase, in FrameContext context,
        IMarketEventSink sink, ref Progress progress)
    {
        ReadOnlySpan<byte> instId = default;
        int detailsAt = -1;
        bool done = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isInstId = reader.ValueTextEquals("instId"u8);
            bool isDetails = !isInstId && reader.ValueTextEquals("details"u8);
            reader.Read();
            if (isInstId)
            {
                instId = FrameJson.Scalar(ref reader);
            }
            else if (isDetails && reader.TokenType == JsonTokenType.StartArray && !done && detailsAt < 0)
            {
                if (!instId.IsEmpty)
                {
                    var reason = Details(ref reader, instId, context, sink, ref progress);
                    if (reason != RejectReason.None) return reason;
                    done = true;
                }
                else
                {
                    detailsAt = readerBase + (int)reader.TokenStartIndex;
                    reader.Skip();
                }
            }
            else
            {
                reader.Skip();
            }
        }
        if (done) return RejectReason.None;
        if (detailsAt < 0 || instId.IsEmpty) return RejectReason.MissingField;
        var detailsReader = new Utf8JsonReader(frame[detailsAt..], FrameJson.ReaderOptions);
        detailsReader.Read();
        return Details(ref detailsReader, instId, context, sink, ref progress);
    }

    /// <summary>
    /// The liquidated side is the POSITION side <c>posSide</c> (long/short). In net position mode posSide is
    /// <c>net</c> and only the liquidation order's <c>side</c> tells: a sell closes a long, so longs were liquidated.
    /// </summary>
    private RejectReason Details(ref Utf8JsonReader reader, ReadOnlySpan<byte> instId, in FrameContext context, IMarketEventSink sink, ref Progress progress)
    {
        var reason = Resolve(instId, needContractValue: true, out int symbolId, out double contractValue);
        if (reason != RejectReason.None) return reason;
        if (symbolId < 0)
        {
            reader.Skip();
            progress.OutOfScope++;
            return RejectReason.None;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return RejectReason.UnknownMessage;
            }
            ReadOnlySpan<byte> side = default, posSide = default, size = default, bankruptcyPrice = default, time = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int field = reader.ValueTextEquals("side"u8) ? 1
                    : reader.ValueTextEquals("posSide"u8) ? 2
                    : reader.ValueTextEquals("sz"u8) ? 3
                    : reader.ValueTextEquals("bkPx"u8) ? 4
                    : reader.ValueTextEquals("ts"u8) ? 5 : 0;
                reader.Read();
                var value = FrameJson.Scalar(ref reader);
                switch (field)
                {
                    case 1: side = value; break;
                    case 2: posSide = value; break;
                    case 3: size = value; break;
                    case 4: bankruptcyPrice = value; break;
                    case 5: time = value; break;
                }
            }

            Side liquidated;
            if (posSide.SequenceEqual("long"u8)) liquidated = Side.Long;
            else if (posSide.SequenceEqual("short"u8)) liquidated = Side.Short;
            else if (posSide.IsEmpty || posSide.SequenceEqual("net"u8))
            {
                if (side.SequenceEqual("sell"u8)) liquidated = Side.Long;
                else if (side.SequenceEqual("buy"u8)) liquidated = Side.Short;
                else return side.IsEmpty ? RejectReason.MissingField : RejectReason.UnknownMessage;
            }
            else return RejectReason.UnknownMessage;

            double price = 0;
            long timeMs = 0;
            reason = FrameJson.Required(size, out double contracts);
            if (reason == RejectReason.None) reason = FrameJson.Required(bankruptcyPrice, out price);
            if (reason == RejectReason.None) reason = FrameJson.RequiredTime(time, out timeMs);
            if (reason != RejectReason.None) return reason;

            if (_replays.SeenBefore(instId, side, posSide, bankruptcyPrice, size, timeMs))
            {
                progress.Replayed++;
                continue;
            }
            double quantity = contracts * contractValue;
            EventSlots.CommitPriced(sink, Exchange.Okx, context, EventKind.Liquidation, symbolId, liquidated, price, quantity, timeMs);
            progress.Committed++;
        }
        return RejectReason.None;
    }

    /// <summary>trades: <c>{instId, tradeId, px, sz, side, ts}</c>; side is the taker's.</summary>
    private RejectReason Trade(ref Utf8JsonReader reader, ReadOnlySpan<byte> argInstId, in FrameContext context, IMarketEventSink sink, ref Progress progress)
    {
        ReadOnlySpan<byte> instId = argInstId, price = default, size = default, side = default, time = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int field = reader.ValueTextEquals("px"u8) ? 1
                : reader.ValueTextEquals("sz"u8) ? 2
                : reader.ValueTextEquals("side"u8) ? 3
                : reader.ValueTextEquals("ts"u8) ? 4
                : reader.ValueTextEquals("instId"u8) ? 5 : 0;
            reader.Read();
            var value = FrameJson.Scalar(ref reader);
            switch (field)
            {
                case 1: price = value; break;
                case 2: size = value; break;
                case 3: side = value; break;
                case 4: time = value; break;
                case 5: instId = value; break;
            }
        }
        var reason = Resolve(instId, needContractValue: true, out int symbolId, out double contractValue);
        if (reason != RejectReason.None) return reason;
        if (symbolId < 0) { progress.OutOfScope++; return RejectReason.None; }

        Side taker;
        if (side.SequenceEqual("buy"u8)) taker = Side.Long;
        else if (side.SequenceEqual("sell"u8)) taker = Side.Short;
        else return side.IsEmpty ? RejectReason.MissingField : RejectReason.UnknownMessage;
        double contracts = 0;
        long timeMs = 0;
        reason = FrameJson.Required(price, out double p);
        if (reason == RejectReason.None) reason = FrameJson.Required(size, out contracts);
        if (reason == RejectReason.None) reason = FrameJson.RequiredTime(time, out timeMs);
        if (reason != RejectReason.None) return reason;

        double quantity = contracts * contractValue;
        EventSlots.CommitPriced(sink, Exchange.Okx, context, EventKind.Trade, symbolId, taker, p, quantity, timeMs);
        progress.Committed++;
        return RejectReason.None;
    }

    /// <summary>bbo-tbt: <c>{asks:[[px,sz,"0",orders]], bids:[[...]], ts, seqId}</c>; the instrument is in <c>arg</c>.</summary>
    private RejectReason Bbo(ref Utf8JsonReader reader, ReadOnlySpan<byte> argInstId, in FrameContext context, IMarketEventSink sink, ref Progress progress)
    {
        ReadOnlySpan<byte> instId = argInstId, time = default;
        double bid = 0, bidSize = 0, ask = 0, askSize = 0;
        bool bad = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isBids = reader.ValueTextEquals("bids"u8);
            bool isAsks = !isBids && reader.ValueTextEquals("asks"u8);
            bool isTs = !isBids && !isAsks && reader.ValueTextEquals("ts"u8);
            bool isInstId = !isBids && !isAsks && !isTs && reader.ValueTextEquals("instId"u8);
            reader.Read();
            if (isBids) bad |= BestLevel(ref reader, out bid, out bidSize) == FieldStatus.Bad;
            else if (isAsks) bad |= BestLevel(ref reader, out ask, out askSize) == FieldStatus.Bad;
            else if (isTs) time = FrameJson.Scalar(ref reader);
            else if (isInstId) instId = FrameJson.Scalar(ref reader);
            else reader.Skip();
        }
        if (bad) return RejectReason.BadNumber;
        var reason = Resolve(instId, needContractValue: true, out int symbolId, out double contractValue);
        if (reason != RejectReason.None) return reason;
        if (symbolId < 0) { progress.OutOfScope++; return RejectReason.None; }
        reason = FrameJson.RequiredTime(time, out long timeMs);
        if (reason != RejectReason.None) return reason;

        ref MarketEvent slot = ref EventSlots.Begin(sink, Exchange.Okx, context);
        slot.Kind = EventKind.BookTicker;
        slot.SymbolId = symbolId;
        slot.BidPrice = bid;
        slot.BidQty = bidSize * contractValue;
        slot.AskPrice = ask;
        slot.AskQty = askSize * contractValue;
        slot.ExchangeTimeMs = timeMs;
        EventSlots.Commit(sink, ref slot);
        progress.Committed++;
        return RejectReason.None;
    }

    /// <summary>
    /// books5: <c>{asks:[[px,sz,"0",orders] x5], bids:[...], instId, ts, seqId}</c>, every push a snapshot of the top
    /// five levels (sizes in contracts, times the contract value). One Depth slot.
    /// </summary>
    private RejectReason Books5(ref Utf8JsonReader reader, ReadOnlySpan<byte> argInstId, in FrameContext context, IMarketEventSink sink, ref Progress progress)
    {
        ReadOnlySpan<byte> instId = argInstId, time = default;
        _depth.Clear();
        bool bad = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isBids = reader.ValueTextEquals("bids"u8);
            bool isAsks = !isBids && reader.ValueTextEquals("asks"u8);
            bool isTs = !isBids && !isAsks && reader.ValueTextEquals("ts"u8);
            bool isInstId = !isBids && !isAsks && !isTs && reader.ValueTextEquals("instId"u8);
            reader.Read();
            if (isBids) bad |= !_depth.Bids.Read(ref reader, 1);
            else if (isAsks) bad |= !_depth.Asks.Read(ref reader, 1);
            else if (isTs) time = FrameJson.Scalar(ref reader);
            else if (isInstId) instId = FrameJson.Scalar(ref reader);
            else reader.Skip();
        }
        if (bad) return RejectReason.BadNumber;
        var reason = Resolve(instId, needContractValue: true, out int symbolId, out double contractValue);
        if (reason != RejectReason.None) return reason;
        if (symbolId < 0) { progress.OutOfScope++; return RejectReason.None; }
        reason = FrameJson.RequiredTime(time, out long timeMs);
        if (reason != RejectReason.None) return reason;

        DepthSummary.Commit(sink, Exchange.Okx, context, symbolId, timeMs, _depth.Bids, _depth.Asks, contractValue);
        progress.Committed++;
        return RejectReason.None;
    }

    /// <summary>
    /// funding-rate <c>{instId, fundingRate, ts, ...}</c> and mark-price <c>{instId, markPx, ts}</c>: each updates its
    /// half of the symbol's mark state and publishes a MarkPrice slot with both halves.
    /// </summary>
    private RejectReason Mark(ref Utf8JsonReader reader, OkxChannel channel, ReadOnlySpan<byte> argInstId, in FrameContext context,
        IMarketEventSink sink, ref Progress progress)
    {
        ReadOnlySpan<byte> instId = argInstId, value = default, time = default;
        var valueKey = channel == OkxChannel.FundingRate ? "fundingRate"u8 : "markPx"u8;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int field = reader.ValueTextEquals(valueKey) ? 1
                : reader.ValueTextEquals("ts"u8) ? 2
                : reader.ValueTextEquals("instId"u8) ? 3 : 0;
            reader.Read();
            var scalar = FrameJson.Scalar(ref reader);
            if (field == 1) value = scalar;
            else if (field == 2) time = scalar;
            else if (field == 3) instId = scalar;
        }
        var reason = Resolve(instId, needContractValue: false, out int symbolId, out _);
        if (reason != RejectReason.None) return reason;
        if (symbolId < 0) { progress.OutOfScope++; return RejectReason.None; }
        long timeMs = 0;
        reason = FrameJson.Required(value, out double number);
        if (reason == RejectReason.None) reason = FrameJson.RequiredTime(time, out timeMs);
        if (reason != RejectReason.None) return reason;

        if (channel == OkxChannel.FundingRate) _fundingRates[symbolId] = number;
        else _markPrices[symbolId] = number;
        ref MarketEvent slot = ref EventSlots.Begin(sink, Exchange.Okx, context);
        slot.Kind = EventKind.MarkPrice;
        slot.SymbolId = symbolId;
        slot.Price = _markPrices[symbolId];
        slot.FundingRate = _fundingRates[symbolId];
        slot.ExchangeTimeMs = timeMs;
        EventSlots.Commit(sink, ref slot);
        progress.Committed++;
        return RejectReason.None;
    }

    /// <summary>
    /// open-interest: <c>{instId, oi (contracts), oiCcy (coin), oiUsd, ts}</c>. Base units from oiCcy, else oi × contract
    /// value; USD from oiUsd, else base units × the latest mark price (0 when none is known yet).
    /// </summary>
    private RejectReason OpenInterest(ref Utf8JsonReader reader, ReadOnlySpan<byte> argInstId, in FrameContext context, IMarketEventSink sink,
        ref Progress progress)
    {
        ReadOnlySpan<byte> instId = argInstId, contracts = default, coins = default, usd = default, time = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int field = reader.ValueTextEquals("oi"u8) ? 1
                : reader.ValueTextEquals("oiCcy"u8) ? 2
                : reader.ValueTextEquals("oiUsd"u8) ? 3
                : reader.ValueTextEquals("ts"u8) ? 4
                : reader.ValueTextEquals("instId"u8) ? 5 : 0;
            reader.Read();
            var value = FrameJson.Scalar(ref reader);
            switch (field)
            {
                case 1: contracts = value; break;
                case 2: coins = value; break;
                case 3: usd = value; break;
                case 4: time = value; break;
                case 5: instId = value; break;
            }
        }
        var coinStatus = FrameJson.Number(coins, out double openInterest);
        var reason = Resolve(instId, needContractValue: coinStatus != FieldStatus.Ok, out int symbolId, out double contractValue);
        if (reason != RejectReason.None) return reason;
        if (symbolId < 0) { progress.OutOfScope++; return RejectReason.None; }
        if (coinStatus == FieldStatus.Bad) return RejectReason.BadNumber;
        if (coinStatus == FieldStatus.Absent)
        {
            reason = FrameJson.Required(contracts, out double contractCount);
            if (reason != RejectReason.None) return reason;
            openInterest = contractCount * contractValue;
        }
        var usdStatus = FrameJson.Number(usd, out double notional);
        if (usdStatus == FieldStatus.Bad) return RejectReason.BadNumber;
        double mark = _markPrices[symbolId];
        if (usdStatus == FieldStatus.Absent) notional = openInterest * mark;
        reason = FrameJson.RequiredTime(time, out long timeMs);
        if (reason != RejectReason.None) return reason;

        ref MarketEvent slot = ref EventSlots.Begin(sink, Exchange.Okx, context);
        slot.Kind = EventKind.OpenInterest;
        slot.SymbolId = symbolId;
        slot.Price = mark;
        slot.OpenInterest = openInterest;
        slot.NotionalUsd = notional;
        slot.ExchangeTimeMs = timeMs;
        EventSlots.Commit(sink, ref slot);
        progress.Committed++;
        return RejectReason.None;
    }

    /// <summary>
    /// Maps an instrument id to a symbol id (and its contract value when needed). Returns None with
    /// <paramref name="symbolId"/> = -1 for an instrument outside our scope.
    /// </summary>
    private RejectReason Resolve(ReadOnlySpan<byte> instId, bool needContractValue, out int symbolId, out double contractValue)
    {
        symbolId = -1;
        contractValue = 0;
        if (instId.IsEmpty) return RejectReason.MissingField;
        Span<byte> canonical = stackalloc byte[SymbolTable.MaxNameLength];
        switch (OkxSymbols.ToCanonical(instId, canonical, out int length))
        {
            case OkxInstrumentKind.OutOfScope: return RejectReason.None;
            case OkxInstrumentKind.Malformed: return RejectReason.UnknownSymbol;
        }
        var name = canonical[..length];
        if (needContractValue && !_instruments.TryGetContractValue(name, out contractValue)) return RejectReason.UnknownSymbol;
        return EventSlots.TryResolveSymbol(_symbols, name, out symbolId, out var reason) ? RejectReason.None : reason;
    }

    /// <summary>The first (best) level of a bids or asks array; Absent for an empty side.</summary>
    private static FieldStatus BestLevel(ref Utf8JsonReader reader, out double price, out double size)
    {
        price = 0;
        size = 0;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return FieldStatus.Bad;
        }
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray) return FieldStatus.Absent;
        var status = FrameJson.PriceLevel(ref reader, out price, out size);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) reader.Skip();
        return status;
    }

}
