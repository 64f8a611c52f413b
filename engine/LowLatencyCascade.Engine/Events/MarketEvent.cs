using System.Runtime.InteropServices;

namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// The ring slot: one normalized market event plus the annotations each stage writes for the stages after it.
/// Blittable, preallocated once and reused forever; producers overwrite every input field on claim
/// (<see cref="ResetInput"/>), stages overwrite their own annotations.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct MarketEvent
{
    // ---- input, written by the producer (decoder) ----
    public EventKind Kind;
    public Exchange Exchange;
    public Side Side;
    public RejectReason Reject;
    /// <summary>Symbol id from <see cref="SymbolTable"/>; -1 when unknown (rejected slots).</summary>
    public int SymbolId;
    /// <summary>Which feed connection (or capture file) produced the slot.</summary>
    public int ConnectionId;
    /// <summary>Price (liquidation/trade price; last/mark price for <see cref="EventKind.MarkPrice"/>).</summary>
    public double Price;
    /// <summary>Quantity in base units (contracts already multiplied by the contract value).</summary>
    public double Quantity;
    /// <summary>Notional in USD (quote currency, USDT/USDC taken as USD).</summary>
    public double NotionalUsd;
    public double BidPrice;
    public double BidQty;
    public double AskPrice;
    public double AskQty;
    public double FundingRate;
    /// <summary>Open interest in base units (for <see cref="EventKind.OpenInterest"/>).</summary>
    public double OpenInterest;
    /// <summary>Exchange event time, Unix milliseconds (0 when the venue gave none).</summary>
    public long ExchangeTimeMs;
    /// <summary>Local receive time, Unix time in 100 ns ticks (the capture's timestamp resolution).</summary>
    public long ReceiveTimeTicks;
    /// <summary>For <see cref="EventKind.Depth"/>: what the model keeps of a shallow book (not the book itself).</summary>
    public BookDepth Depth;

    // ---- latency clock ----
    public StageStamps Stamps;

    // ---- annotations written by the stages ----
    public ModelAnnotations Model;
    public SignalAnnotation Signal;

    /// <summary>
    /// Event time in milliseconds: the exchange's time when it gave one, otherwise the local receive time.
    /// The model's windows run on this clock so that replays give the same signals at any speed.
    /// </summary>
    public readonly long EventTimeMs => ExchangeTimeMs != 0 ? ExchangeTimeMs : ReceiveTimeTicks / TimeSpan.TicksPerMillisecond;

    /// <summary>Clear everything a producer writes, so a reused slot carries nothing from its last lap.</summary>
    public void ResetInput()
    {
        Kind = EventKind.None;
        Exchange = default;
        Side = Side.None;
        Reject = RejectReason.None;
        SymbolId = -1;
        ConnectionId = 0;
        Price = 0; Quantity = 0; NotionalUsd = 0;
        BidPrice = 0; BidQty = 0; AskPrice = 0; AskQty = 0;
        FundingRate = 0; OpenInterest = 0;
        ExchangeTimeMs = 0; ReceiveTimeTicks = 0;
        Depth = default;
        Stamps = default;
        Signal = default;
    }
}
