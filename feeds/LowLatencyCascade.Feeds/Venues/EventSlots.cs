using System.Diagnostics;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Venues;

/// <summary>
/// The claim-fill-commit steps every decoder repeats, in one place so the normalization rules hold for every
/// venue: a claimed slot is always reset first, carries the frame's connection and clocks, and is always committed.
/// </summary>
internal static class EventSlots
{
    /// <summary>Claims a slot, clears what its last lap left, and stamps what the frame context knows.</summary>
    public static ref MarketEvent Begin(IMarketEventSink sink, Exchange exchange, in FrameContext context)
    {
        ref MarketEvent slot = ref sink.Claim();
        slot.ResetInput();
        slot.Exchange = exchange;
        slot.ConnectionId = context.ConnectionId;
        slot.ReceiveTimeTicks = context.ReceiveTimeTicks;
        slot.Stamps.Ingress = context.IngressTimestamp;
        return ref slot;
    }

    /// <summary>Stamps the decode time after the slot is filled and hands it on.</summary>
    public static void Commit(IMarketEventSink sink, ref MarketEvent slot)
    {
        slot.Stamps.Decoded = Stopwatch.GetTimestamp();
        sink.Commit();
    }

    /// <summary>
    /// A liquidation or a trade, the events every venue sends: side already normalized, quantity in base units,
    /// notional = price × quantity in USD. Claims, fills and commits one slot.
    /// </summary>
    public static void CommitPriced(IMarketEventSink sink, Exchange exchange, in FrameContext context, EventKind kind,
        int symbolId, Side side, double price, double quantity, long exchangeTimeMs)
    {
        ref MarketEvent slot = ref Begin(sink, exchange, context);
        slot.Kind = kind;
        slot.SymbolId = symbolId;
        slot.Side = side;
        slot.Price = price;
        slot.Quantity = quantity;
        slot.NotionalUsd = price * quantity;
        slot.ExchangeTimeMs = exchangeTimeMs;
        Commit(sink, ref slot);
    }

    /// <summary>Publishes one rejected slot for a frame (or one bad element of a frame) so nothing is lost silently.</summary>
    public static FrameResult Reject(IMarketEventSink sink, Exchange exchange, in FrameContext context, RejectReason reason, int eventsBefore = 0)
    {
        ref MarketEvent slot = ref Begin(sink, exchange, context);
        slot.Kind = EventKind.Rejected;
        slot.Reject = reason;
        Commit(sink, ref slot);
        return new FrameResult(FrameOutcome.Rejected, eventsBefore, reason);
    }

    /// <summary>
    /// A marker slot that carries no market data: a gap (a connection's data may have a hole) or a frame refused
    /// outside a decoder (oversized, binary, a decoder that threw, a redundant copy, a bad capture line).
    /// </summary>
    public static void Marker(IMarketEventSink sink, Exchange exchange, in FrameContext context, EventKind kind, RejectReason reason = RejectReason.None)
    {
        ref MarketEvent slot = ref Begin(sink, exchange, context);
        slot.Kind = kind;
        slot.Reject = reason;
        Commit(sink, ref slot);
    }

    /// <summary>
    /// Finds or adds a canonical symbol. Names are upper-case letters, digits, '_' (Binance delivery contracts) or
    /// non-ASCII bytes (Binance lists a few symbols with non-Latin names); anything else is garbage that must not
    /// grow the symbol table.
    /// </summary>
    public static bool TryResolveSymbol(SymbolTable symbols, ReadOnlySpan<byte> name, out int id, out RejectReason reason)
    {
        id = -1;
        if (name.IsEmpty) { reason = RejectReason.MissingField; return false; }
        if (name.Length > SymbolTable.MaxNameLength) { reason = RejectReason.UnknownSymbol; return false; }
        foreach (byte b in name)
        {
            bool valid = b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_' or >= 0x80;
            if (!valid) { reason = RejectReason.UnknownSymbol; return false; }
        }
        if (symbols.TryGet(name, out id)) { reason = RejectReason.None; return true; }
        id = symbols.GetOrAdd(name);
        if (id < 0) { reason = RejectReason.SymbolTableFull; return false; }
        reason = RejectReason.None;
        return true;
    }
}
