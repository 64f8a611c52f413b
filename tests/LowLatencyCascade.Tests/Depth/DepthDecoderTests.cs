using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;
using LowLatencyCascade.Testing;
using LowLatencyCascade.Tests.Decoders;
using Xunit;

namespace LowLatencyCascade.Tests.Depth;

/// <summary>
/// The shallow-book decoders on the venues' documented examples (TestData/venues, checked 2026-12-06): Binance's partial
/// book depth, Bybit's <c>orderbook.50</c> snapshot, delta merge and <c>u</c> = 1 reset, OKX's <c>books5</c>; and that
/// decoding them allocates nothing.
/// </summary>
public class DepthDecoderTests
{
    private static MarketEvent DecodeOne(DecoderFixture f, string venue, string file)
    {
        f.Sink.Clear();
        var result = f.Decode(VenueFixtures.Frame(venue, file));
        Assert.Equal(FrameResult.Events(1), result);
        var e = Assert.Single(f.Sink.Events);
        f.AssertStamped(e);
        Assert.Equal(EventKind.Depth, e.Kind);
        return e;
    }

    private static double Usd(params (double Price, double Size)[] levels) => levels.Sum(l => l.Price * l.Size);

    [Fact]
    public void Binance_partial_depth_gives_levels_best_prices_and_usd_within_10_and_50_bps()
    {
        var f = VenueFixtures.Decoder("binance");
        var e = DecodeOne(f, "binance", "depth5.json");
        Assert.Equal("BTCUSDT", f.NameOf(e));
        Assert.Equal(1571889248276, e.ExchangeTimeMs); // T, the transaction time
        // The documented example lists bids lowest first: the best bid is the highest whatever the order.
        Assert.Equal(7405.43, e.BidPrice);
        Assert.Equal(2.562, e.BidQty);
        Assert.Equal(7405.96, e.AskPrice);
        Assert.Equal(3.340, e.AskQty);
        Assert.Equal(5, e.Depth.BidLevels);
        Assert.Equal(5, e.Depth.AskLevels);
        double mid = (7405.43 + 7405.96) / 2; // 7405.695: 10 bps = 7.41, so every level is within 10 bps
        Assert.True(7403.89 > mid * 0.999 && 7407.20 < mid * 1.001);
        double bids = Usd((7403.89, 0.002), (7403.90, 3.906), (7404.00, 1.428), (7404.85, 5.239), (7405.43, 2.562));
        double asks = Usd((7405.96, 3.340), (7406.63, 4.525), (7407.08, 2.475), (7407.15, 4.800), (7407.20, 0.175));
        Assert.Equal(bids, e.Depth.BidUsdNear, 6);
        Assert.Equal(bids, e.Depth.BidUsdWide, 6);
        Assert.Equal(asks, e.Depth.AskUsdNear, 6);
        Assert.Equal(asks, e.Depth.AskUsdWide, 6);
    }

    [Fact]
    public void Binance_depth_stream_is_on_the_public_route_with_the_book_tickers()
    {
        Assert.Equal(BinanceRoute.Public, BinanceRoutes.Of("btcusdt" + BinanceProtocol.DepthStreamSuffix));
        var streams = BinanceProtocol.StreamNames(new FeedSubscription(["BTCUSDT"]), BinanceRoute.Public);
        Assert.Equal(["btcusdt@bookTicker", "btcusdt@depth20@500ms"], streams);
        Assert.DoesNotContain(BinanceProtocol.StreamNames(new FeedSubscription(["BTCUSDT"]), BinanceRoute.Market), s => s.Contains("@depth"));
        Assert.DoesNotContain(BinanceProtocol.StreamNames(new FeedSubscription(["BTCUSDT"]) { Depth = false }), s => s.Contains("@depth"));
    }

    [Fact]
    public void Bybit_and_okx_subscribe_to_their_shallow_books()
    {
        Assert.Contains("orderbook.50.BTCUSDT", BybitProtocol.Topics(new FeedSubscription(["BTCUSDT"])));
        Assert.DoesNotContain("orderbook.50.BTCUSDT", BybitProtocol.Topics(new FeedSubscription(["BTCUSDT"]) { Depth = false }));
        var okx = string.Join("", new OkxProtocol(VenueFixtures.OkxInstruments).SubscribeMessages(new FeedSubscription(["BTCUSDT"])));
        Assert.Contains("""{"channel":"books5","instId":"BTC-USDT-SWAP"}""", okx);
    }

    [Fact]
    public void Bybit_documented_snapshot_has_two_levels_a_side_so_the_book_is_short_of_five()
    {
        var f = VenueFixtures.Decoder("bybit");
        var e = DecodeOne(f, "bybit", "orderbook.50.json");
        Assert.Equal("BTCUSDT", f.NameOf(e));
        Assert.Equal(1672304484978, e.ExchangeTimeMs);
        Assert.Equal(16493.50, e.BidPrice);
        Assert.Equal(16611.00, e.AskPrice);
        Assert.Equal(2, e.Depth.BidLevels);
        Assert.Equal(2, e.Depth.AskLevels);
        Assert.True(e.Depth.MinSideLevels < BookDepth.MinLevels);
        // Mid 16552.25: the best bid is 35.6 bps below, the best ask 35.4 bps above: nothing within 10 bps, all within 50.
        Assert.Equal(0, e.Depth.BidUsdNear);
        Assert.Equal(0, e.Depth.AskUsdNear);
        Assert.Equal(Usd((16493.50, 0.006), (16493.00, 0.100)), e.Depth.BidUsdWide, 6);
        Assert.Equal(Usd((16611.00, 0.029), (16612.00, 0.213)), e.Depth.AskUsdWide, 6);
    }

    [Fact]
    public void Bybit_deltas_merge_into_the_held_book_size_zero_deletes_and_a_snapshot_resets()
    {
        var f = new DecoderFixture(new BybitProtocol());
        static string Frame(string type, string bids, string asks, long u) =>
            $$"""{"topic":"orderbook.50.BTCUSDT","type":"{{type}}","ts":{{1700000000000 + u}},"data":{"s":"BTCUSDT","b":[{{bids}}],"a":[{{asks}}],"u":{{u}},"seq":{{u * 3}}},"cts":1700000000000}""";

        // A delta before any snapshot has nothing to merge into: absorbed, no slot.
        Assert.Equal(FrameResult.Control, f.Decode(Frame("delta", """["100.0","1"]""", "", 5)));
        Assert.Empty(f.Sink.Events);

        var snap = f.DecodeOne(Frame("snapshot",
            """["100.0","1"],["99.9","2"],["99.8","3"],["99.7","4"],["99.6","5"]""",
            """["100.1","1"],["100.2","2"],["100.3","3"],["100.4","4"],["100.5","5"]""", 10));
        Assert.Equal((5, 5), (snap.Depth.BidLevels, snap.Depth.AskLevels));
        Assert.Equal((100.0, 100.1), (snap.BidPrice, snap.AskPrice));

        // Delete the best bid, update 99.9, insert 99.5; delete an ask that is not held (ignored), insert a better ask.
        var delta = f.DecodeOne(Frame("delta", """["100.0","0"],["99.9","7"],["99.5","1"]""", """["101.0","0"],["100.05","2"]""", 11));
        Assert.Equal(5, delta.Depth.BidLevels);
        Assert.Equal(6, delta.Depth.AskLevels);
        Assert.Equal(99.9, delta.BidPrice);
        Assert.Equal(7, delta.BidQty);
        Assert.Equal(100.05, delta.AskPrice);
        double mid = (99.9 + 100.05) / 2;
        double nearBids = new[] { (99.9, 7.0), (99.8, 3.0), (99.7, 4.0), (99.6, 5.0), (99.5, 1.0) }.Where(l => l.Item1 >= mid * 0.999).Sum(l => l.Item1 * l.Item2);
        Assert.Equal(99.9 * 7, nearBids, 9);
        Assert.Equal(nearBids, delta.Depth.BidUsdNear, 9);

        // A bad level leaves the held book as it was (the frame is rejected).
        f.DecodeRejected(Frame("delta", """["99.9","x"]""", "", 12), RejectReason.BadNumber);
        var after = f.DecodeOne(Frame("delta", "", """["100.5","0"]""", 13));
        Assert.Equal((5, 5), (after.Depth.BidLevels, after.Depth.AskLevels));
        Assert.Equal(7, after.BidQty);

        // A new snapshot replaces the book.
        var reset = f.DecodeOne(Frame("snapshot", """["90.0","1"]""", """["90.1","1"]""", 20));
        Assert.Equal((1, 1), (reset.Depth.BidLevels, reset.Depth.AskLevels));
        Assert.Equal((90.0, 90.1), (reset.BidPrice, reset.AskPrice));
    }

    [Fact]
    public void Bybit_u_of_one_is_a_reset_even_when_typed_delta()
    {
        var f = VenueFixtures.Decoder("bybit");
        DecodeOne(f, "bybit", "orderbook.50.json");
        var merged = DecodeOne(f, "bybit", "orderbook.50_delta.json");
        // Merged onto the snapshot (a different day's book in the docs): 2 + 4 bids (30240.00 deleted, not held),
        // 2 + 5 asks (30248.70 and 30249.60 deleted, not held).
        Assert.Equal((6, 7), (merged.Depth.BidLevels, merged.Depth.AskLevels));
        var reset = DecodeOne(f, "bybit", "orderbook.50_u1.json");
        Assert.Equal((1, 1), (reset.Depth.BidLevels, reset.Depth.AskLevels));
        Assert.Equal((30247.00, 30248.00), (reset.BidPrice, reset.AskPrice));
        Assert.Equal(30247.00 * 2, reset.Depth.BidUsdNear, 9);
        Assert.Equal(30248.00 * 3, reset.Depth.AskUsdNear, 9);
    }

    [Fact]
    public void Okx_books5_sizes_are_contracts_times_the_contract_value()
    {
        var f = VenueFixtures.Decoder("okx");
        var e = DecodeOne(f, "okx", "books5.json");
        Assert.Equal("BCHUSDT", f.NameOf(e));
        Assert.Equal(1670324386802, e.ExchangeTimeMs);
        Assert.Equal(111.05, e.BidPrice);
        Assert.Equal(5774.5, e.BidQty, 9); // 57745 contracts x 0.1 BCH
        Assert.Equal(111.06, e.AskPrice);
        Assert.Equal((5, 5), (e.Depth.BidLevels, e.Depth.AskLevels));
        double mid = (111.05 + 111.06) / 2; // 10 bps = 0.111: every level within
        double bids = 0.1 * Usd((111.05, 57745), (111.04, 57109), (111.03, 69563), (111.02, 71248), (111.01, 65090));
        double asks = 0.1 * Usd((111.06, 55154), (111.07, 53276), (111.08, 72435), (111.09, 70312), (111.1, 67272));
        Assert.True(111.01 >= mid * 0.999);
        Assert.Equal(bids, e.Depth.BidUsdNear, 3);
        Assert.Equal(asks, e.Depth.AskUsdNear, 3);
        Assert.Equal(bids, e.Depth.BidUsdWide, 3);
    }

    [Theory]
    [InlineData("binance", "depth5.json")]
    [InlineData("bybit", "orderbook.50_delta.json")]
    [InlineData("okx", "books5.json")]
    public void Decoding_depth_frames_allocates_nothing(string venue, string file)
    {
        var f = VenueFixtures.Decoder(venue);
        if (venue == "bybit") f.Decode(VenueFixtures.Frame("bybit", "orderbook.50.json"));
        byte[] frame = VenueFixtures.Frame(venue, file);
        var sink = new RecordingSink(1024);
        for (int i = 0; i < 2000; i++) f.Decoder.Decode(frame, DecoderFixture.Context, sink);

        int events = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) events += f.Decoder.Decode(frame, DecoderFixture.Context, sink).EventCount;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_000, events);
    }
}
