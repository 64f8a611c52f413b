using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

/// <summary>Each venue's protocol with the well-formed fixture frames of every message type, for tests that run over all of them.</summary>
internal static class VenueFrames
{
    public static readonly OkxInstruments OkxInstruments = OkxInstruments.FromContractValues(new Dictionary<string, double>
    {
        ["BTCUSDT"] = 0.01,
        ["ETHUSDT"] = 0.1,
        ["DOGEUSDT"] = 1000,
    });

    public static IEnumerable<(IVenueProtocol Protocol, string[] Frames)> All()
    {
        yield return (new BinanceProtocol(),
        [
            BinanceDecoderTests.ForceOrderSell, BinanceDecoderTests.AggTrade, BinanceDecoderTests.BookTicker, BinanceDecoderTests.MarkPrice,
        ]);
        yield return (new BybitProtocol(),
        [
            BybitDecoderTests.AllLiquidationBuy, BybitDecoderTests.PublicTrades, BybitDecoderTests.BookSnapshot, BybitDecoderTests.TickerSnapshot,
        ]);
        yield return (new OkxProtocol(OkxInstruments),
        [
            OkxDecoderTests.LiquidationLongMode, OkxDecoderTests.Trades, OkxDecoderTests.Bbo, OkxDecoderTests.FundingRate,
            OkxDecoderTests.MarkPrice, OkxDecoderTests.OpenInterest,
        ]);
    }

    public static TheoryData<string> VenueNames() => new() { "binance", "bybit", "okx" };

    public static (IVenueProtocol Protocol, string[] Frames) Of(string venue) =>
        All().Single(v => v.Protocol.Exchange.ToString().Equals(venue, StringComparison.OrdinalIgnoreCase));
}
