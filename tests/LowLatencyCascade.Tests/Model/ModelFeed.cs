using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Tests.Model;

/// <summary>
/// Builds slots shaped like the decoders' output (Binance-style: at most one liquidation per symbol per second,
/// notional in USD, exchange times in ms) and runs them through the four model stages in order.
/// </summary>
internal sealed class ModelFeed
{
    public const long Start = 1_737_990_000_000; // an event time in January 2025, ms

    public ModelFeed(CascadeModelOptions options, params string[] symbols)
    {
        Symbols = SymbolTable.Of(["BTCUSDT", .. symbols]);
        Model = new CascadeModel(Symbols, options);
    }

    public SymbolTable Symbols { get; }
    public CascadeModel Model { get; }
    public MarketEvent Slot;

    public int Id(string symbol) => Symbols.GetOrAdd(symbol);

    public ref MarketEvent Liquidation(string symbol, long timeMs, double usd, Side side = Side.Long, Exchange venue = Exchange.Binance, double price = 100)
    {
        Begin(EventKind.Liquidation, symbol, timeMs, venue);
        Slot.Side = side;
        Slot.Price = price;
        Slot.Quantity = usd / price;
        Slot.NotionalUsd = usd;
        return ref Run();
    }

    public ref MarketEvent Trade(string symbol, long timeMs, double price, double quantity = 0.1, Exchange venue = Exchange.Binance)
    {
        Begin(EventKind.Trade, symbol, timeMs, venue);
        Slot.Side = Side.Long;
        Slot.Price = price;
        Slot.Quantity = quantity;
        Slot.NotionalUsd = price * quantity;
        return ref Run();
    }

    public ref MarketEvent MarkPrice(string symbol, long timeMs, double price, double funding = 0.0001)
    {
        Begin(EventKind.MarkPrice, symbol, timeMs, Exchange.Binance);
        Slot.Price = price;
        Slot.FundingRate = funding;
        return ref Run();
    }

    public ref MarketEvent OpenInterest(string symbol, long timeMs, double openInterest, Exchange venue = Exchange.Binance)
    {
        Begin(EventKind.OpenInterest, symbol, timeMs, venue);
        Slot.OpenInterest = openInterest;
        return ref Run();
    }

    public ref MarketEvent Book(string symbol, long timeMs, double bid, double ask)
    {
        Begin(EventKind.BookTicker, symbol, timeMs, Exchange.Binance);
        Slot.BidPrice = bid;
        Slot.AskPrice = ask;
        Slot.BidQty = Slot.AskQty = 1;
        return ref Run();
    }

    private void Begin(EventKind kind, string symbol, long timeMs, Exchange venue)
    {
        Slot.ResetInput();
        Slot.Kind = kind;
        Slot.Exchange = venue;
        Slot.SymbolId = Id(symbol);
        Slot.ExchangeTimeMs = timeMs;
    }

    private ref MarketEvent Run()
    {
        Model.Process(ref Slot);
        return ref Slot;
    }

    /// <summary>Spec options with no warm-up (what the rule tests use).</summary>
    public static CascadeModelOptions Spec() => CascadeModelOptions.SpecPreset();

    /// <summary>Shipped options with no warm-up.</summary>
    public static CascadeModelOptions Shipped()
    {
        var o = CascadeModelOptions.Default();
        o.WarmupSeconds = 0;
        return o;
    }
}
