using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Feeds.Binance;

/// <summary>
/// The simulation's Binance USD-M combined-stream frames (<c>!forceOrder@arr</c>, <c>aggTrade</c>, <c>bookTicker</c>, <c>markPrice@1s</c>, partial depth <c>@depth20@500ms</c>), as Binance documents them; Binance has no open-interest stream (it is polled over REST). Numbers are strings where the venue sends strings. Shares one frame buffer with the
/// other venues' formatters (<see cref="VenueFrameFormatter"/>).
/// </summary>
internal sealed class BinanceFrameFormatter(IReadOnlyList<ScenarioSymbol> symbols, FrameBuilder frame)
{
    /// <summary>Binance sends no open interest on its WebSocket streams.</summary>
    public static bool Emits(SimulatedKind kind) => kind != SimulatedKind.OpenInterest;

    public ReadOnlySpan<byte> Format(in SimulatedEvent e)
    {
        var s = symbols[e.Symbol];
        string lower = s.Symbol.ToLowerInvariant();
        var f = frame.Clear();
        switch (e.Kind)
        {
            case SimulatedKind.Liquidation:
                f.Raw("{\"stream\":\"!forceOrder@arr\",\"data\":{\"e\":\"forceOrder\",\"E\":").Long(e.TimeMs)
                 .Raw(",\"o\":{\"s\":\"").Raw(s.Symbol).Raw(e.Side == Side.Long ? "\",\"S\":\"SELL\"" : "\",\"S\":\"BUY\"")
                 .Raw(",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":").Decimal(e.Quantity, s.QuantityDecimals)
                 .Raw(",\"p\":").Decimal(e.Price, s.PriceDecimals).Raw(",\"ap\":").Decimal(e.Price, s.PriceDecimals)
                 .Raw(",\"X\":\"FILLED\",\"l\":").Decimal(e.Quantity, s.QuantityDecimals).Raw(",\"z\":").Decimal(e.Quantity, s.QuantityDecimals)
                 .Raw(",\"T\":").Long(e.TimeMs).Raw("}}}");
                break;
            case SimulatedKind.Trade:
                f.Raw("{\"stream\":\"").Raw(lower).Raw("@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":").Long(e.TimeMs + 1)
                 .Raw(",\"s\":\"").Raw(s.Symbol).Raw("\",\"a\":").Long(e.Sequence).Raw(",\"p\":").Decimal(e.Price, s.PriceDecimals)
                 .Raw(",\"q\":").Decimal(e.Quantity, s.QuantityDecimals).Raw(",\"f\":").Long(e.Sequence).Raw(",\"l\":").Long(e.Sequence)
                 .Raw(",\"T\":").Long(e.TimeMs).Raw(e.Side == Side.Short ? ",\"m\":true}}" : ",\"m\":false}}");
                break;
            case SimulatedKind.Quote:
                f.Raw("{\"stream\":\"").Raw(lower).Raw("@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":").Long(e.Sequence)
                 .Raw(",\"s\":\"").Raw(s.Symbol).Raw("\",\"b\":").Decimal(e.Bid, s.PriceDecimals).Raw(",\"B\":").Decimal(e.BidQuantity, s.QuantityDecimals)
                 .Raw(",\"a\":").Decimal(e.Ask, s.PriceDecimals).Raw(",\"A\":").Decimal(e.AskQuantity, s.QuantityDecimals)
                 .Raw(",\"T\":").Long(e.TimeMs).Raw(",\"E\":").Long(e.TimeMs + 1).Raw("}}");
                break;
            case SimulatedKind.MarkFunding:
                f.Raw("{\"stream\":\"").Raw(lower).Raw("@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":").Long(e.TimeMs)
                 .Raw(",\"s\":\"").Raw(s.Symbol).Raw("\",\"p\":").Decimal(e.Price, s.PriceDecimals + 1).Raw(",\"i\":").Decimal(e.Index, s.PriceDecimals + 1)
                 .Raw(",\"P\":").Decimal(e.Index, s.PriceDecimals + 1).Raw(",\"r\":").Decimal(e.Funding, VenueFrameFormatter.FundingDecimals)
                 .Raw(",\"T\":").Long(VenueFrameFormatter.NextFunding(e.TimeMs)).Raw("}}");
                break;
            case SimulatedKind.Depth:
                // Partial book depth: the top 20 levels of each side, every push the whole shallow book.
                f.Raw("{\"stream\":\"").Raw(lower).Raw(BinanceProtocol.DepthStreamSuffix).Raw("\",\"data\":{\"e\":\"depthUpdate\",\"E\":").Long(e.TimeMs + 2)
                 .Raw(",\"T\":").Long(e.TimeMs).Raw(",\"s\":\"").Raw(s.Symbol).Raw("\",\"U\":").Long(e.Sequence).Raw(",\"u\":").Long(e.Sequence)
                 .Raw(",\"pu\":").Long(e.Sequence - 1);
                DepthSide(f, e, s, bid: true, "b");
                DepthSide(f, e, s, bid: false, "a");
                f.Raw("}}");
                break;
            default:
                throw new InvalidOperationException("Binance has no open-interest stream");
        }
        return f.Span;
    }

    private const int DepthLevels = 20;

    private static void DepthSide(FrameBuilder f, in SimulatedEvent e, ScenarioSymbol s, bool bid, string key)
    {
        f.Raw(",\"").Raw(key).Raw("\":[");
        for (int i = 0; i < DepthLevels; i++)
        {
            SimulatedDepth.Level(e, s, i, bid, out double price, out double size);
            if (!SimulatedDepth.Valid(price)) break;
            if (i > 0) f.Raw(",");
            f.Raw("[").Decimal(price, s.PriceDecimals).Raw(",").Decimal(size, s.QuantityDecimals).Raw("]");
        }
        f.Raw("]");
    }
}
