using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Feeds.Bybit;

/// <summary>
/// The simulation's Bybit v5 linear frames (<c>allLiquidation</c> whose <c>S</c> is the liquidated position's side, <c>publicTrade</c>, <c>orderbook.1</c>, <c>orderbook.50</c> and <c>tickers</c> snapshot then deltas), as Bybit documents them. Numbers are strings where the venue sends strings. Shares one frame buffer with the
/// other venues' formatters (<see cref="VenueFrameFormatter"/>).
/// </summary>
internal sealed class BybitFrameFormatter(IReadOnlyList<ScenarioSymbol> symbols, FrameBuilder frame)
{
    private readonly bool[] _tickerSent = new bool[symbols.Count];
    // The orderbook.50 book last sent per symbol (prices per side), so a delta can delete the levels that left it.
    private readonly double[][] _sentBids = Enumerable.Range(0, symbols.Count).Select(_ => new double[SimulatedDepth.Levels]).ToArray();
    private readonly double[][] _sentAsks = Enumerable.Range(0, symbols.Count).Select(_ => new double[SimulatedDepth.Levels]).ToArray();
    private readonly int[] _depthFrames = new int[symbols.Count];

    /// <summary>Every this many books of a symbol is a snapshot; the others are deltas against the last book sent.</summary>
    public const int SnapshotEvery = 10;

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
            case SimulatedKind.Depth:
            {
                bool snapshot = _depthFrames[e.Symbol]++ % SnapshotEvery == 0;
                f.Raw("{\"topic\":\"orderbook.50.").Raw(s.Symbol).Raw(snapshot ? "\",\"type\":\"snapshot\",\"ts\":" : "\",\"type\":\"delta\",\"ts\":").Long(e.TimeMs + 1)
                 .Raw(",\"data\":{\"s\":\"").Raw(s.Symbol).Raw("\",\"b\":[");
                DepthSide(f, e, s, bid: true, snapshot, _sentBids[e.Symbol]);
                f.Raw("],\"a\":[");
                DepthSide(f, e, s, bid: false, snapshot, _sentAsks[e.Symbol]);
                f.Raw("],\"u\":").Long(e.Sequence).Raw(",\"seq\":").Long(e.Sequence * 7).Raw("},\"cts\":").Long(e.TimeMs).Raw("}");
                break;
            }
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

    /// <summary>
    /// One side of an <c>orderbook.50</c> message: a snapshot lists the book; a delta lists every level of the new book
    /// (inserted or updated) and, with size 0, each price of the last book sent that is no longer in it.
    /// </summary>
    private static void DepthSide(FrameBuilder f, in SimulatedEvent e, ScenarioSymbol s, bool bid, bool snapshot, double[] sent)
    {
        Span<double> prices = stackalloc double[SimulatedDepth.Levels];
        int count = 0;
        bool first = true;
        for (int i = 0; i < SimulatedDepth.Levels; i++)
        {
            SimulatedDepth.Level(e, s, i, bid, out double price, out double size);
            if (!SimulatedDepth.Valid(price)) break;
            prices[count++] = price;
            if (!first) f.Raw(",");
            first = false;
            f.Raw("[").Decimal(price, s.PriceDecimals).Raw(",").Decimal(size, s.QuantityDecimals).Raw("]");
        }
        if (!snapshot)
        {
            foreach (double old in sent)
            {
                if (old <= 0 || prices[..count].Contains(old)) continue;
                if (!first) f.Raw(",");
                first = false;
                f.Raw("[").Decimal(old, s.PriceDecimals).Raw(",\"0\"]");
            }
        }
        Array.Clear(sent);
        prices[..count].CopyTo(sent);
    }
}
