using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Feeds.Bybit;

/// <summary>
/// The simulation's Bybit v5 linear frames (<c>allLiquidation</c> whose <c>S</c> is the liquidated position's side, <c>publicTrade</c>, <c>orderbook.1</c>, <c>tickers</c> snapshot then deltas), as Bybit documents them. Numbers are strings where the venue sends strings. Shares one frame buffer with the
/// other venues' formatters (<see cref="VenueFrameFormatter"/>).
/// </summary>
internal sealed class BybitFrameFormatter(IReadOnlyList<ScenarioSymbol> symbols, FrameBuilder frame)
{
    private readonly bool[] _tickerSent = new bool[symbols.Count];

    public static bool Emits(SimulatedKind kind) => true;

    public ReadOnlySpan<byte> Format(in SimulatedEvent e)
    {
        var s = symbols[e.Symbol];
        var f = frame.Clear();
        switch (e.Kind)
        {
            case SimulatedKind.Liquidation:
                // Bybit's S is the liquidated position's side: Buy = a long position was liquidated.
                f.Raw("{\"topic\":\"allLiquidation.").Raw(s.Symbol).Raw("\",\"type\":\"snapshot\",\"ts\":").Long(e.TimeMs + 2)
                 .Raw(",\"data\":[{\"T\":").Long(e.TimeMs).Raw(",\"s\":\"").Raw(s.Symbol).Raw(e.Side == Side.Long ? "\",\"S\":\"Buy\"" : "\",\"S\":\"Sell\"")
                 .Raw(",\"v\":").Decimal(e.Quantity, s.QuantityDecimals).Raw(",\"p\":").Decimal(e.Price, s.PriceDecimals).Raw("}]}");
                break;
            case SimulatedKind.Trade:
                f.Raw("{\"topic\":\"publicTrade.").Raw(s.Symbol).Raw("\",\"type\":\"snapshot\",\"ts\":").Long(e.TimeMs + 1)
                 .Raw(",\"data\":[{\"T\":").Long(e.TimeMs).Raw(",\"s\":\"").Raw(s.Symbol).Raw(e.Side == Side.Long ? "\",\"S\":\"Buy\"" : "\",\"S\":\"Sell\"")
                 .Raw(",\"v\":").Decimal(e.Quantity, s.QuantityDecimals).Raw(",\"p\":").Decimal(e.Price, s.PriceDecimals)
                 .Raw(e.Side == Side.Long ? ",\"L\":\"PlusTick\",\"i\":\"" : ",\"L\":\"MinusTick\",\"i\":\"").Long(e.Sequence).Raw("\",\"BT\":false}]}");
                break;
            case SimulatedKind.Quote:
                f.Raw("{\"topic\":\"orderbook.1.").Raw(s.Symbol).Raw("\",\"type\":\"snapshot\",\"ts\":").Long(e.TimeMs + 1)
                 .Raw(",\"data\":{\"s\":\"").Raw(s.Symbol).Raw("\",\"b\":[[").Decimal(e.Bid, s.PriceDecimals).Raw(",").Decimal(e.BidQuantity, s.QuantityDecimals)
                 .Raw("]],\"a\":[[").Decimal(e.Ask, s.PriceDecimals).Raw(",").Decimal(e.AskQuantity, s.QuantityDecimals)
                 .Raw("]],\"u\":").Long(e.Sequence).Raw(",\"seq\":").Long(e.Sequence * 7).Raw("},\"cts\":").Long(e.TimeMs).Raw("}");
                break;
            case SimulatedKind.MarkFunding when !_tickerSent[e.Symbol]:
                _tickerSent[e.Symbol] = true;
                f.Raw("{\"topic\":\"tickers.").Raw(s.Symbol).Raw("\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"").Raw(s.Symbol)
                 .Raw("\",\"tickDirection\":\"PlusTick\",\"lastPrice\":").Decimal(e.Price, s.PriceDecimals)
                 .Raw(",\"markPrice\":").Decimal(e.Price, s.PriceDecimals).Raw(",\"indexPrice\":").Decimal(e.Index, s.PriceDecimals)
                 .Raw(",\"openInterest\":").Decimal(e.OpenInterest, s.QuantityDecimals).Raw(",\"openInterestValue\":").Decimal(e.OpenInterest * e.Price, 2)
                 .Raw(",\"nextFundingTime\":").QuotedLong(VenueFrameFormatter.NextFunding(e.TimeMs)).Raw(",\"fundingRate\":").Decimal(e.Funding, 6)
                 .Raw(",\"bid1Price\":").Decimal(e.Bid, s.PriceDecimals).Raw(",\"bid1Size\":").Decimal(e.BidQuantity, s.QuantityDecimals)
                 .Raw(",\"ask1Price\":").Decimal(e.Ask, s.PriceDecimals).Raw(",\"ask1Size\":").Decimal(e.AskQuantity, s.QuantityDecimals)
                 .Raw("},\"cs\":").Long(e.Sequence).Raw(",\"ts\":").Long(e.TimeMs).Raw("}");
                break;
            case SimulatedKind.MarkFunding:
                f.Raw("{\"topic\":\"tickers.").Raw(s.Symbol).Raw("\",\"type\":\"delta\",\"data\":{\"symbol\":\"").Raw(s.Symbol)
                 .Raw("\",\"markPrice\":").Decimal(e.Price, s.PriceDecimals).Raw(",\"indexPrice\":").Decimal(e.Index, s.PriceDecimals)
                 .Raw(",\"fundingRate\":").Decimal(e.Funding, 6).Raw("},\"cs\":").Long(e.Sequence).Raw(",\"ts\":").Long(e.TimeMs).Raw("}");
                break;
            default:
                f.Raw("{\"topic\":\"tickers.").Raw(s.Symbol).Raw("\",\"type\":\"delta\",\"data\":{\"symbol\":\"").Raw(s.Symbol)
                 .Raw("\",\"openInterest\":").Decimal(e.OpenInterest, s.QuantityDecimals).Raw(",\"openInterestValue\":").Decimal(e.OpenInterest * e.Price, 2)
                 .Raw("},\"cs\":").Long(e.Sequence).Raw(",\"ts\":").Long(e.TimeMs).Raw("}");
                break;
        }
        return f.Span;
    }
}
