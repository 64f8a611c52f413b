using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

/// <summary>
/// Decodes the documented example frames of every channel the product reads (TestData/venues, checked 2026-12-05)
/// and checks the decoded fields against the values in the venues' examples.
/// </summary>
public class VenueFixtureTests
{
    public static TheoryData<string, string> Frames()
    {
        var data = new TheoryData<string, string>();
        foreach (var (venue, file) in VenueFixtures.All())
        {
            if (!VenueFixtures.RestBodies.Contains($"{venue}/{file}")) data.Add(venue, file);
        }
        return data;
    }

    private static (FrameResult Result, MarketEvent[] Events) Decode(DecoderFixture f, string venue, string file)
    {
        f.Sink.Clear();
        var result = f.Decode(VenueFixtures.Frame(venue, file));
        var events = f.Sink.Events;
        foreach (var e in events) if (e.Kind != EventKind.Rejected) f.AssertStamped(e);
        return (result, events);
    }

    private static MarketEvent DecodeOne(DecoderFixture f, string venue, string file)
    {
        var (result, events) = Decode(f, venue, file);
        Assert.Equal(FrameResult.Events(1), result);
        return Assert.Single(events);
    }

    [Fact]
    public void Every_venue_has_fixtures_and_the_output_folder_has_them()
    {
        var all = VenueFixtures.All().ToList();
        Assert.Equal(["binance", "bybit", "okx"], all.Select(x => x.Venue).Distinct().ToArray());
        Assert.True(all.Count >= 25, $"{all.Count} fixtures found under {VenueFixtures.Root}");
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Every_fixture_frame_decodes_without_a_rejection(string venue, string file)
    {
        var f = VenueFixtures.Decoder(venue);
        var (result, _) = Decode(f, venue, file);
        Assert.NotEqual(FrameOutcome.Rejected, result.Outcome);
        Assert.Equal(result.EventCount, (int)f.Sink.Committed);
    }

    // ---------------------------------------------------------------- Binance USD-M

    [Theory]
    [InlineData("forceOrder_all.json")]
    [InlineData("forceOrder_symbol.json")]
    public void Binance_forceOrder_in_the_combined_stream_wrapper_is_a_long_liquidation_for_a_SELL_order(string file)
    {
        var f = VenueFixtures.Decoder("binance");
        var e = DecodeOne(f, "binance", file);
        Assert.Equal(EventKind.Liquidation, e.Kind);
        Assert.Equal("BTCUSDT", f.NameOf(e));
        Assert.Equal(Side.Long, e.Side);
        Assert.Equal(9910, e.Price);
        Assert.Equal(0.014, e.Quantity, 12);
        Assert.Equal(9910 * 0.014, e.NotionalUsd, 9);
        Assert.Equal(1568014460893, e.ExchangeTimeMs);
    }

    [Fact]
    public void Binance_forceOrder_snapshots_are_one_event_each_the_decoder_neither_merges_nor_drops_them()
    {
        // Binance pushes at most the latest liquidation per symbol per 1000 ms, so a burst reaches us as one
        // snapshot per second: whatever arrives is counted once, and what Binance left out cannot be (counts are
        // lower bounds). Two snapshots of the same symbol one second apart are two events.
        var f = VenueFixtures.Decoder("binance");
        var first = DecodeOne(f, "binance", "forceOrder_all.json");
        string next = System.Text.Encoding.UTF8.GetString(VenueFixtures.Frame("binance", "forceOrder_all.json"))
            .Replace("1568014460893", "1568014461893").Replace("\"z\":\"0.014\"", "\"z\":\"0.020\"");
        var second = f.DecodeOne(next);
        Assert.Equal((first.SymbolId, 1568014460893L, 0.014), (second.SymbolId, first.ExchangeTimeMs, first.Quantity));
        Assert.Equal((1568014461893L, 0.020), (second.ExchangeTimeMs, second.Quantity));
    }

    [Fact]
    public void Binance_aggTrade_buyer_maker_is_a_sell_initiated_trade_dated_by_T()
    {
        var f = VenueFixtures.Decoder("binance");
        var e = DecodeOne(f, "binance", "aggTrade.json");
        Assert.Equal(EventKind.Trade, e.Kind);
        Assert.Equal("BTCUSDT", f.NameOf(e));
        Assert.Equal(Side.Short, e.Side);
        Assert.Equal(0.001, e.Price);
        Assert.Equal(100, e.Quantity);
        Assert.Equal(0.1, e.NotionalUsd, 12);
        Assert.Equal(123456785, e.ExchangeTimeMs);
    }

    [Fact]
    public void Binance_bookTicker_gives_best_bid_and_ask_dated_by_the_transaction_time()
    {
        var f = VenueFixtures.Decoder("binance");
        var e = DecodeOne(f, "binance", "bookTicker.json");
        Assert.Equal(EventKind.BookTicker, e.Kind);
        Assert.Equal("BNBUSDT", f.NameOf(e));
        Assert.Equal((25.3519, 31.21, 25.3652, 40.66), (e.BidPrice, e.BidQty, e.AskPrice, e.AskQty));
        Assert.Equal(1568014460891, e.ExchangeTimeMs);
    }

    [Fact]
    public void Binance_markPrice_1s_gives_mark_and_funding_dated_by_the_event_time_not_the_next_funding_time()
    {
        var f = VenueFixtures.Decoder("binance");
        var e = DecodeOne(f, "binance", "markPrice.json");
        Assert.Equal(EventKind.MarkPrice, e.Kind);
        Assert.Equal("BTCUSDT", f.NameOf(e));
        Assert.Equal(11794.15, e.Price);
        Assert.Equal(0.00038167, e.FundingRate);
        Assert.Equal(1562305380000, e.ExchangeTimeMs);
    }

    [Fact]
    public void Binance_open_interest_REST_body_parses_to_base_units_and_its_time()
    {
        Assert.True(BinanceOpenInterestPoller.TryParse(VenueFixtures.Frame("binance", "openInterest.json"), out double oi, out long time));
        Assert.Equal(10659.509, oi);
        Assert.Equal(1589437530011, time);
    }

    // ---------------------------------------------------------------- Bybit v5 linear

    [Fact]
    public void Bybit_subscribes_allLiquidation_not_the_deprecated_liquidation_topic()
    {
        var topics = BybitProtocol.Topics(new FeedSubscription(["BTCUSDT"]));
        Assert.Contains("allLiquidation.BTCUSDT", topics);
        Assert.DoesNotContain(topics, t => t.StartsWith("liquidation.", StringComparison.Ordinal));
        Assert.Equal(["allLiquidation.BTCUSDT", "publicTrade.BTCUSDT", "orderbook.1.BTCUSDT", "tickers.BTCUSDT", "orderbook.50.BTCUSDT"], topics);
    }

    [Fact]
    public void Bybit_allLiquidation_Sell_means_a_short_position_was_liquidated()
    {
        var f = VenueFixtures.Decoder("bybit");
        var e = DecodeOne(f, "bybit", "allLiquidation.json");
        Assert.Equal(EventKind.Liquidation, e.Kind);
        Assert.Equal("ROSEUSDT", f.NameOf(e));
        Assert.Equal(Side.Short, e.Side);
        Assert.Equal(0.04499, e.Price);
        Assert.Equal(20000, e.Quantity);
        Assert.Equal(20000 * 0.04499, e.NotionalUsd, 9);
        Assert.Equal(1739502302929, e.ExchangeTimeMs);
    }

    [Fact]
    public void Bybit_allLiquidation_snapshot_with_several_entries_gives_one_liquidation_per_entry()
    {
        // Pushed every 500 ms as a snapshot whose data array carries every liquidation of the interval; Buy = longs liquidated.
        var f = VenueFixtures.Decoder("bybit");
        var (result, events) = Decode(f, "bybit", "allLiquidation_multi.json");
        Assert.Equal(FrameResult.Events(3), result);
        Assert.All(events, e => Assert.Equal((EventKind.Liquidation, "ROSEUSDT"), (e.Kind, f.NameOf(e))));
        Assert.Equal([Side.Long, Side.Short, Side.Long], events.Select(e => e.Side).ToArray());
        Assert.Equal([1739502303311L, 1739502303240L, 1739502303650L], events.Select(e => e.ExchangeTimeMs).ToArray());
        Assert.Equal([15000.0, 20000.0, 3200.0], events.Select(e => e.Quantity).ToArray());
        Assert.Equal([0.04512, 0.04499, 0.04520], events.Select(e => e.Price).ToArray());
    }

    [Fact]
    public void Bybit_publicTrade_side_is_the_taker_and_time_is_T()
    {
        var f = VenueFixtures.Decoder("bybit");
        var e = DecodeOne(f, "bybit", "publicTrade.json");
        Assert.Equal(EventKind.Trade, e.Kind);
        Assert.Equal("BTCUSDT", f.NameOf(e));
        Assert.Equal(Side.Long, e.Side);
        Assert.Equal(16578.5, e.Price);
        Assert.Equal(0.001, e.Quantity);
        Assert.Equal(1672304486865, e.ExchangeTimeMs);
    }

    [Fact]
    public void Bybit_orderbook_1_snapshot_then_delta_keeps_the_top_of_book()
    {
        var f = VenueFixtures.Decoder("bybit");
        var snapshot = DecodeOne(f, "bybit", "orderbook.1.json");
        Assert.Equal(EventKind.BookTicker, snapshot.Kind);
        Assert.Equal("BTCUSDT", f.NameOf(snapshot));
        Assert.Equal((16493.5, 0.006, 16611.0, 0.029), (snapshot.BidPrice, snapshot.BidQty, snapshot.AskPrice, snapshot.AskQty));
        Assert.Equal(1672304484978, snapshot.ExchangeTimeMs);

        // The delta deletes the held ask (size 0) and brings a new one; the bid is untouched.
        var delta = DecodeOne(f, "bybit", "orderbook.1_delta.json");
        Assert.Equal((16493.5, 0.006, 16610.5, 0.120), (delta.BidPrice, delta.BidQty, delta.AskPrice, delta.AskQty));
        Assert.Equal(1672304484998, delta.ExchangeTimeMs);
    }

    [Fact]
    public void Bybit_tickers_snapshot_gives_mark_funding_and_open_interest_and_a_delta_merges_into_it()
    {
        var f = VenueFixtures.Decoder("bybit");
        var (result, events) = Decode(f, "bybit", "tickers.json");
        Assert.Equal(FrameResult.Events(2), result);
        var mark = events[0];
        Assert.Equal((EventKind.MarkPrice, "BTCUSDT"), (mark.Kind, f.NameOf(mark)));
        Assert.Equal(17217.33, mark.Price);
        Assert.Equal(-0.000212, mark.FundingRate);
        Assert.Equal((17215.5, 84.489, 17216.0, 83.020), (mark.BidPrice, mark.BidQty, mark.AskPrice, mark.AskQty));
        Assert.Equal(1673272861686, mark.ExchangeTimeMs);
        var oi = events[1];
        Assert.Equal(EventKind.OpenInterest, oi.Kind);
        Assert.Equal(68744.761, oi.OpenInterest);
        Assert.Equal(1183601235.91, oi.NotionalUsd);
        Assert.Equal(17217.33, oi.Price);

        (result, events) = Decode(f, "bybit", "tickers_delta.json");
        Assert.Equal(FrameResult.Events(2), result);
        Assert.Equal((17218.10, -0.000212, 1673272861786L), (events[0].Price, events[0].FundingRate, events[0].ExchangeTimeMs));
        Assert.Equal((68750.0, 1183744375.00), (events[1].OpenInterest, events[1].NotionalUsd));
    }

    [Fact]
    public void Bybit_subscribe_answer_and_pong_are_control_frames_and_the_pong_is_recognized()
    {
        var f = VenueFixtures.Decoder("bybit");
        Assert.Equal(FrameResult.Control, Decode(f, "bybit", "subscribe_response.json").Result);
        Assert.Equal(FrameResult.Control, Decode(f, "bybit", "pong.json").Result);
        Assert.True(new BybitProtocol().IsPong(VenueFixtures.Frame("bybit", "pong.json")));
        Assert.False(new BybitProtocol().IsPong(VenueFixtures.Frame("bybit", "subscribe_response.json")));
        Assert.Equal(0, ((BybitDecoder)f.Decoder).ErrorResponses);
    }

    // ---------------------------------------------------------------- OKX v5

    [Fact]
    public void Okx_subscribes_only_channels_the_current_docs_list()
    {
        string[] documented = ["liquidation-orders", "trades", "bbo-tbt", "funding-rate", "mark-price", "open-interest", "books5"];
        var messages = new OkxProtocol(VenueFixtures.OkxInstruments).SubscribeMessages(new FeedSubscription(["BTCUSDT"]));
        var channels = messages.SelectMany(m => System.Text.Json.JsonDocument.Parse(m).RootElement.GetProperty("args").EnumerateArray())
            .Select(a => a.GetProperty("channel").GetString()!).ToArray();
        Assert.Equal(documented, channels);
    }

    [Fact]
    public void Okx_liquidation_posSide_short_is_a_short_liquidation_in_contracts_times_contract_value()
    {
        var f = VenueFixtures.Decoder("okx");
        var e = DecodeOne(f, "okx", "liquidation-orders.json");
        Assert.Equal(EventKind.Liquidation, e.Kind);
        Assert.Equal("IOSTUSDT", f.NameOf(e));
        Assert.Equal(Side.Short, e.Side);
        Assert.Equal(0.007831, e.Price);
        Assert.Equal(13 * 1000.0, e.Quantity);
        Assert.Equal(13 * 1000 * 0.007831, e.NotionalUsd, 9);
        Assert.Equal(1692266434010, e.ExchangeTimeMs);
    }

    [Fact]
    public void Okx_liquidation_details_out_of_time_order_are_all_decoded()
    {
        var f = VenueFixtures.Decoder("okx");
        var (result, events) = Decode(f, "okx", "liquidation-orders_unordered.json");
        Assert.Equal(FrameResult.Events(3), result);
        Assert.Equal([1692266434950L, 1692266434010L, 1692266434500L], events.Select(e => e.ExchangeTimeMs).ToArray());
        // net + sell closes a long; posSide short / long name the liquidated position.
        Assert.Equal([Side.Long, Side.Short, Side.Long], events.Select(e => e.Side).ToArray());
        Assert.Equal([40_000.0, 13_000.0, 7_000.0], events.Select(e => e.Quantity).ToArray());
        Assert.Equal(0, ((OkxDecoder)f.Decoder).ReplayedLiquidations);
    }

    [Fact]
    public void Okx_liquidation_push_replayed_after_a_reconnect_is_counted_once()
    {
        // The decoder lives as long as its FeedConnection, across reconnects; OKX may resend recent liquidations
        // when the channel is subscribed again. The same push twice = a replay.
        var f = VenueFixtures.Decoder("okx");
        var decoder = (OkxDecoder)f.Decoder;
        Assert.Single(Decode(f, "okx", "liquidation-orders.json").Events);

        var (replay, slots) = Decode(f, "okx", "liquidation-orders.json");
        Assert.Equal(FrameOutcome.Rejected, replay.Outcome);
        Assert.Equal(RejectReason.Duplicate, replay.Reason);
        Assert.Equal(0, replay.EventCount);
        var slot = Assert.Single(slots);
        Assert.Equal((EventKind.Rejected, RejectReason.Duplicate), (slot.Kind, slot.Reject));
        Assert.Equal(1, decoder.ReplayedLiquidations);

        // A later push that repeats that detail among new ones: the new ones are events, the old one is skipped.
        var (mixed, events) = Decode(f, "okx", "liquidation-orders_unordered.json");
        Assert.Equal(FrameResult.Events(2), mixed);
        Assert.Equal([1692266434950L, 1692266434500L], events.Select(e => e.ExchangeTimeMs).ToArray());
        Assert.Equal(2, decoder.ReplayedLiquidations);

        // The whole unordered push again: nothing new.
        Assert.Equal(RejectReason.Duplicate, Decode(f, "okx", "liquidation-orders_unordered.json").Result.Reason);
        Assert.Equal(5, decoder.ReplayedLiquidations);
    }

    [Fact]
    public void Okx_liquidations_that_differ_in_any_key_field_are_not_replays()
    {
        var f = VenueFixtures.Decoder("okx");
        string frame = System.Text.Encoding.UTF8.GetString(VenueFixtures.Frame("okx", "liquidation-orders.json"));
        Assert.Equal(FrameResult.Events(1), f.Decode(frame));
        Assert.Equal(FrameResult.Events(1), f.Decode(frame.Replace("\"sz\":\"13\"", "\"sz\":\"14\"")));
        Assert.Equal(FrameResult.Events(1), f.Decode(frame.Replace("\"bkPx\":\"0.007831\"", "\"bkPx\":\"0.007832\"")));
        Assert.Equal(FrameResult.Events(1), f.Decode(frame.Replace("1692266434010", "1692266434011")));
        Assert.Equal(FrameResult.Events(1), f.Decode(frame.Replace("\"posSide\":\"short\",\"side\":\"buy\"", "\"posSide\":\"net\",\"side\":\"buy\"")));
        Assert.Equal(0, ((OkxDecoder)f.Decoder).ReplayedLiquidations);
    }

    [Fact]
    public void Okx_replay_memory_is_bounded_by_venue_time_not_by_the_local_clock()
    {
        var f = VenueFixtures.Decoder("okx");
        string frame = System.Text.Encoding.UTF8.GetString(VenueFixtures.Frame("okx", "liquidation-orders.json"));
        Assert.Equal(FrameResult.Events(1), f.Decode(frame));
        // A liquidation more than the window later (venue time) ages the first one out: its copy is counted again.
        long later = 1692266434010 + OkxLiquidationReplayFilter.WindowMs + 1;
        Assert.Equal(FrameResult.Events(1), f.Decode(frame.Replace("1692266434010", later.ToString()).Replace("\"sz\":\"13\"", "\"sz\":\"1\"")));
        Assert.Equal(FrameResult.Events(1), f.Decode(frame));
        Assert.Equal(0, ((OkxDecoder)f.Decoder).ReplayedLiquidations);
    }

    [Fact]
    public void Okx_replay_filter_remembers_thousands_of_distinct_liquidations()
    {
        var filter = new OkxLiquidationReplayFilter();
        for (int i = 0; i < 4096; i++)
            Assert.False(filter.SeenBefore("BTC-USDT-SWAP"u8, "sell"u8, "long"u8, "95000.5"u8, System.Text.Encoding.ASCII.GetBytes(i.ToString()), 1_000_000 + i));
        int recognized = 0;
        for (int i = 0; i < 4096; i++)
            if (filter.SeenBefore("BTC-USDT-SWAP"u8, "sell"u8, "long"u8, "95000.5"u8, System.Text.Encoding.ASCII.GetBytes(i.ToString()), 1_000_000 + i)) recognized++;
        // 16384 entries in 8-way buckets: at this load a bucket overflows very rarely.
        Assert.True(recognized >= 4090, $"{recognized} of 4096 replays recognized");
    }

    [Fact]
    public void Okx_trades_size_is_contracts_times_contract_value_and_side_is_the_taker()
    {
        var f = VenueFixtures.Decoder("okx");
        var e = DecodeOne(f, "okx", "trades.json");
        Assert.Equal(EventKind.Trade, e.Kind);
        Assert.Equal("BTCUSDT", f.NameOf(e));
        Assert.Equal(Side.Long, e.Side);
        Assert.Equal(42219.9, e.Price);
        Assert.Equal(0.12, e.Quantity, 12);
        Assert.Equal(1630048897897, e.ExchangeTimeMs);
    }

    [Fact]
    public void Okx_bbo_tbt_gives_the_best_level_in_base_units()
    {
        var f = VenueFixtures.Decoder("okx");
        var e = DecodeOne(f, "okx", "bbo-tbt.json");
        Assert.Equal(EventKind.BookTicker, e.Kind);
        Assert.Equal("BCHUSDT", f.NameOf(e));
        Assert.Equal(111.05, e.BidPrice);
        Assert.Equal(5774.5, e.BidQty, 9);
        Assert.Equal(111.06, e.AskPrice);
        Assert.Equal(5515.4, e.AskQty, 9);
        Assert.Equal(1670324386802, e.ExchangeTimeMs);
    }

    [Fact]
    public void Okx_mark_price_and_funding_rate_fill_one_mark_state()
    {
        var f = VenueFixtures.Decoder("okx");
        var mark = DecodeOne(f, "okx", "mark-price.json");
        Assert.Equal((EventKind.MarkPrice, "BTCUSDT", 42310.6, 0.0, 1630049139746L), (mark.Kind, f.NameOf(mark), mark.Price, mark.FundingRate, mark.ExchangeTimeMs));
        var funding = DecodeOne(f, "okx", "funding-rate.json");
        Assert.Equal((42310.6, 0.0001875391284828, 1700724675402L), (funding.Price, funding.FundingRate, funding.ExchangeTimeMs));
    }

    [Fact]
    public void Okx_open_interest_takes_oiCcy_and_oiUsd()
    {
        var f = VenueFixtures.Decoder("okx");
        var e = DecodeOne(f, "okx", "open-interest.json");
        Assert.Equal((EventKind.OpenInterest, "BTCUSDT"), (e.Kind, f.NameOf(e)));
        Assert.Equal(22161.1301000000309, e.OpenInterest);
        Assert.Equal(1939251795.54769270396321, e.NotionalUsd);
        Assert.Equal(1743041250440, e.ExchangeTimeMs);
    }

    [Fact]
    public void A_refused_subscribe_is_control_and_recognised_as_a_refusal_and_an_accepted_one_is_not()
    {
        var bybit = VenueFixtures.Decoder("bybit");
        Assert.Equal(FrameResult.Control, Decode(bybit, "bybit", "subscribe_failure.json").Result);
        Assert.True(new BybitProtocol().IsSubscribeRefusal(VenueFixtures.Frame("bybit", "subscribe_failure.json")));
        Assert.False(new BybitProtocol().IsSubscribeRefusal(VenueFixtures.Frame("bybit", "subscribe_response.json")));
        Assert.False(new BybitProtocol().IsSubscribeRefusal(VenueFixtures.Frame("bybit", "pong.json")));

        var okx = new OkxProtocol(VenueFixtures.OkxInstruments);
        Assert.True(okx.IsSubscribeRefusal(VenueFixtures.Frame("okx", "error_event.json")));
        Assert.False(okx.IsSubscribeRefusal(VenueFixtures.Frame("okx", "subscribe_event.json")));
        Assert.False(okx.IsSubscribeRefusal(VenueFixtures.Frame("okx", "pong.txt")));
    }

    [Fact]
    public void Okx_subscribe_and_error_events_and_pong_are_control_and_the_error_is_counted()
    {
        var f = VenueFixtures.Decoder("okx");
        var decoder = (OkxDecoder)f.Decoder;
        Assert.Equal(FrameResult.Control, Decode(f, "okx", "subscribe_event.json").Result);
        Assert.Equal(FrameResult.Control, Decode(f, "okx", "pong.txt").Result);
        Assert.Equal(0, decoder.ErrorEvents);
        Assert.Equal(FrameResult.Control, Decode(f, "okx", "error_event.json").Result);
        Assert.Equal(1, decoder.ErrorEvents);
        Assert.True(new OkxProtocol(VenueFixtures.OkxInstruments).IsPong(VenueFixtures.Frame("okx", "pong.txt")));
    }
}
