using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Feeds.Okx;

/// <summary>
/// The simulation's OKX v5 SWAP frames (<c>liquidation-orders</c>, <c>trades</c>, <c>bbo-tbt</c>, <c>funding-rate</c>, <c>open-interest</c>; sizes in contracts), as OKX documents them. Numbers are strings where the venue sends strings. Shares one frame buffer with the
/// other venues' formatters (<see cref="VenueFrameFormatter"/>).
/// </summary>
internal sealed class OkxFrameFormatter(IReadOnlyList<ScenarioSymbol> symbols, FrameBuilder frame)
{
    public static bool Emits(SimulatedKind kind) => true;

    public ReadOnlySpan<byte> Format(in SimulatedEvent e)
    {
        var s = symbols[e.Symbol];
        string inst = s.OkxInstrument;
        var f = frame.Clear();
        switch (e.Kind)
        {
            case SimulatedKind.Liquidation:
                f.Raw("{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"instId\":\"").Raw(inst)
                 .Raw("\",\"instFamily\":\"").Raw(s.Base).Raw("-USDT\",\"instType\":\"SWAP\",\"uly\":\"").Raw(s.Base)
                 .Raw("-USDT\",\"details\":[{\"bkLoss\":\"0\",\"bkPx\":").Decimal(e.Price, s.PriceDecimals).Raw(",\"ccy\":\"\",")
                 .Raw(e.Side == Side.Long ? "\"posSide\":\"long\",\"side\":\"sell\"" : "\"posSide\":\"short\",\"side\":\"buy\"")
                 .Raw(",\"sz\":").Decimal(VenueFrameFormatter.Contracts(e.Quantity, s), 0).Raw(",\"ts\":").QuotedLong(e.TimeMs).Raw("}]}]}");
                break;
            case SimulatedKind.Trade:
                f.Raw("{\"arg\":{\"channel\":\"trades\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{\"instId\":\"").Raw(inst)
                 .Raw("\",\"tradeId\":").QuotedLong(e.Sequence).Raw(",\"px\":").Decimal(e.Price, s.PriceDecimals)
                 .Raw(",\"sz\":").Decimal(VenueFrameFormatter.Contracts(e.Quantity, s), 0).Raw(e.Side == Side.Long ? ",\"side\":\"buy\"" : ",\"side\":\"sell\"")
                 .Raw(",\"ts\":").QuotedLong(e.TimeMs).Raw(",\"count\":\"1\"}]}");
                break;
            case SimulatedKind.Quote:
                f.Raw("{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{\"asks\":[[").Decimal(e.Ask, s.PriceDecimals)
                 .Raw(",").Decimal(VenueFrameFormatter.Contracts(e.AskQuantity, s), 0).Raw(",\"0\",\"3\"]],\"bids\":[[").Decimal(e.Bid, s.PriceDecimals)
                 .Raw(",").Decimal(VenueFrameFormatter.Contracts(e.BidQuantity, s), 0).Raw(",\"0\",\"2\"]],\"ts\":").QuotedLong(e.TimeMs)
                 .Raw(",\"seqId\":").Long(e.Sequence).Raw("}]}");
                break;
            case SimulatedKind.MarkFunding:
                f.Raw("{\"arg\":{\"channel\":\"funding-rate\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{\"fundingRate\":").Decimal(e.Funding, VenueFrameFormatter.FundingDecimals)
                 .Raw(",\"fundingTime\":").QuotedLong(VenueFrameFormatter.NextFunding(e.TimeMs)).Raw(",\"instId\":\"").Raw(inst)
                 .Raw("\",\"instType\":\"SWAP\",\"method\":\"current_period\",\"nextFundingRate\":\"\",\"nextFundingTime\":").QuotedLong(VenueFrameFormatter.NextFunding(e.TimeMs) + VenueFrameFormatter.EightHoursMs)
                 .Raw(",\"ts\":").QuotedLong(e.TimeMs).Raw("}]}");
                break;
            case SimulatedKind.Depth:
                f.Raw("{\"arg\":{\"channel\":\"books5\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{");
                Books5Side(f, e, s, bid: false, "asks");
                f.Raw(",");
                Books5Side(f, e, s, bid: true, "bids");
                f.Raw(",\"instId\":\"").Raw(inst).Raw("\",\"ts\":").QuotedLong(e.TimeMs).Raw(",\"seqId\":").Long(e.Sequence).Raw("}]}");
                break;
            default:
                f.Raw("{\"arg\":{\"channel\":\"open-interest\",\"instId\":\"").Raw(inst).Raw("\"},\"data\":[{\"instId\":\"").Raw(inst)
                 .Raw("\",\"instType\":\"SWAP\",\"oi\":").Decimal(VenueFrameFormatter.Contracts(e.OpenInterest, s), 0).Raw(",\"oiCcy\":").Decimal(e.OpenInterest, s.QuantityDecimals)
                 .Raw(",\"oiUsd\":").Decimal(e.OpenInterest * e.Price, 2).Raw(",\"ts\":").QuotedLong(e.TimeMs).Raw("}]}");
                break;
        }
        return f.Span;
    }

    /// <summary>A books5 side: five <c>[px, contracts, "0", orders]</c> levels.</summary>
    private static void Books5Side(FrameBuilder f, in SimulatedEvent e, ScenarioSymbol s, bool bid, string key)
    {
        f.Raw("\"").Raw(key).Raw("\":[");
        for (int i = 0; i < 5; i++)
        {
            SimulatedDepth.Level(e, s, i, bid, out double price, out double size);
            if (!SimulatedDepth.Valid(price)) break;
            if (i > 0) f.Raw(",");
            f.Raw("[").Decimal(price, s.PriceDecimals).Raw(",").Decimal(VenueFrameFormatter.Contracts(size, s), 0).Raw(",\"0\",\"").Long(1 + i % 4).Raw("\"]");
        }
        f.Raw("]");
    }
}
