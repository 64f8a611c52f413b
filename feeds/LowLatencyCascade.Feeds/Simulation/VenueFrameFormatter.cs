using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>
/// Turns simulated events into each venue's raw WebSocket text frames, field for field as the venues document them:
/// Binance USD-M combined streams (<c>!forceOrder@arr</c>, <c>aggTrade</c>, <c>bookTicker</c>, <c>markPrice@1s</c>;
/// Binance has no open-interest stream), Bybit v5 linear (<c>allLiquidation</c> whose <c>S</c> is the liquidated
/// position's side, <c>publicTrade</c>, <c>orderbook.1</c>, <c>tickers</c> snapshot then deltas) and OKX v5 SWAP
/// (<c>liquidation-orders</c>, <c>trades</c>, <c>bbo-tbt</c>, <c>funding-rate</c>, <c>open-interest</c>; sizes in contracts).
/// Numbers are strings where the venue sends strings.
/// </summary>
internal sealed class VenueFrameFormatter(IReadOnlyList<ScenarioSymbol> symbols)
{
    private const int FundingDecimals = 8;
    private const long EightHoursMs = 8 * 3600 * 1000;
    private readonly FrameBuilder _frame = new();
    private readonly bool[] _bybitTickerSent = new bool[symbols.Count];

    public ReadOnlySpan<byte> Format(int venue, in SimulatedEvent e) => venue switch
    {
        0 => Binance(e),
        1 => Bybit(e),
        _ => Okx(e),
    };

    public static bool Emits(int venue, SimulatedKind kind) => !(venue == 0 && kind == SimulatedKind.OpenInterest);

    private ReadOnlySpan<byte> Binance(in SimulatedEvent e)
    {
        var s = symbols[e.Symbol];
        string lower = s.Symbol.ToLowerInvariant();
        var f = _frame.Clear();
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
                 .Raw(",\"P\":").Decimal(e.Index, s.PriceDecimals + 1).Raw(",\"r\":").Decimal(e.Funding, FundingDecimals)
                 .Raw(",\"T\":").Long(NextFunding(e.TimeMs)).Raw("}}");
                break;
            default:
                throw new InvalidOperationException("Binance has no open-interest stream");
        }
        return f.Span;
    }

    private ReadOnlySpan<byte> Bybit(in SimulatedEvent e)
    {
        var s = symbols[e.Symbol];
        var f = _frame.Clear();
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
            case SimulatedKind.MarkFunding when !_bybitTickerSent[e.Symbol]:
                _bybitTickerSent[e.Symbol] = true;
                f.Raw("{\"topic\":\"tickers.").Raw(s.Symbol).Raw("\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"").Raw(s.Symbol)
                 .Raw("\",\"tickDirection\":\"PlusTick\",\"lastPrice\":").Decimal(e.Price, s.PriceDecimals)
                 .Raw(",\"markPrice\":").Decimal(e.Price, s.PriceDecimals).Raw(",\"indexPrice\":").Decimal(e.Index, s.PriceDecimals)
                 .Raw(",\"openInterest\":").Decimal(e.OpenInterest, s.QuantityDecimals).Raw(",\"openInterestValue\":").Decimal(e.OpenInterest * e.Price, 2)
                 .Raw(",\"nextFundingTime\":").QuotedLong(NextFunding(e.TimeMs)).Raw(",\"fundingRate\":").Decimal(e.Funding, 6)
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

    private ReadOnlySpan<byte> Okx(in SimulatedEvent e)
    {
        var s = symbols[e.Symbol];
        string inst = s.OkxInstrument;
        var f = _frame.Clear();
        switch (e.Kind)
        {
            case SimulatedKind.Liquidation:
                f.Raw("{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"instId\":\"").Raw(inst)
                 .Raw("\",\"instFamily\":\"").Raw(s.Base).Raw("-USDT\",\"instType\":\"SWAP\",\"uly\":\"").Raw(s.Base)
                 .Raw("-USDT\",\"details\":[{\"bkLoss\":\"0\",\"bkPx\":").Decimal(e.Price, s.PriceDecimals).Raw(",\"ccy\":\"\",")
                 .Raw(e.Side == Side.Long ? "\"posSide\":\"long\",\"side\":\"sell\"" : "\"posSide\":\"short\",\"side\":\"buy\"")
                 .Raw(",\"sz\":").Decimal(Contracts(e.Quantity, s), 0).Raw(",\"ts\":").QuotedLong(e.TimeMs).Raw("}]}]}");
                break;
            case SimulatedKind.Trade:
                f.Raw("{\"arg\":{\"channel\":\"trades\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{\"instId\":\"").Raw(inst)
                 .Raw("\",\"tradeId\":").QuotedLong(e.Sequence).Raw(",\"px\":").Decimal(e.Price, s.PriceDecimals)
                 .Raw(",\"sz\":").Decimal(Contracts(e.Quantity, s), 0).Raw(e.Side == Side.Long ? ",\"side\":\"buy\"" : ",\"side\":\"sell\"")
                 .Raw(",\"ts\":").QuotedLong(e.TimeMs).Raw(",\"count\":\"1\"}]}");
                break;
            case SimulatedKind.Quote:
                f.Raw("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{\"asks\":[[").Decimal(e.Ask, s.PriceDecimals)
                 .Raw(",").Decimal(Contracts(e.AskQuantity, s), 0).Raw(",\"0\",\"3\"]],\"bids\":[[").Decimal(e.Bid, s.PriceDecimals)
                 .Raw(",").Decimal(Contracts(e.BidQuantity, s), 0).Raw(",\"0\",\"2\"]],\"ts\":").QuotedLong(e.TimeMs)
                 .Raw(",\"seqId\":").Long(e.Sequence).Raw("}]}");
                break;
            case SimulatedKind.MarkFunding:
                f.Raw("{\"arg\":{\"channel\":\"funding-rate\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{\"fundingRate\":").Decimal(e.Funding, FundingDecimals)
                 .Raw(",\"fundingTime\":").QuotedLong(NextFunding(e.TimeMs)).Raw(",\"instId\":\"").Raw(inst)
                 .Raw("\",\"instType\":\"SWAP\",\"method\":\"current_period\",\"nextFundingRate\":\"\",\"nextFundingTime\":").QuotedLong(NextFunding(e.TimeMs) + EightHoursMs)
                 .Raw(",\"ts\":").QuotedLong(e.TimeMs).Raw("}]}");
                break;
            default:
                f.Raw("{\"arg\":{\"channel\":\"open-interest\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{\"instId\":\"").Raw(inst)
                 .Raw("\",\"instType\":\"SWAP\",\"oi\":").Decimal(Contracts(e.OpenInterest, s), 0).Raw(",\"oiCcy\":").Decimal(e.OpenInterest, s.QuantityDecimals)
                 .Raw(",\"oiUsd\":").Decimal(e.OpenInterest * e.Price, 2).Raw(",\"ts\":").QuotedLong(e.TimeMs).Raw("}]}");
                break;
        }
        return f.Span;
    }

    /// <summary>OKX sizes are whole contracts of <see cref="ScenarioSymbol.OkxContractValue"/> base units, at least one.</summary>
    public static double Contracts(double quantity, ScenarioSymbol s) => Math.Max(1, Math.Round(quantity / s.OkxContractValue));

    private static long NextFunding(long timeMs) => (timeMs / EightHoursMs + 1) * EightHoursMs;
}
