using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Bybit;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

public class BybitDecoderTests
{
    private readonly DecoderFixture _f = new(new BybitProtocol());

    // Shapes follow Bybit's v5 public WebSocket docs: All Liquidation, Trade, Orderbook and Ticker (linear).
    internal const string AllLiquidationBuy = """
        {"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1739502303204,"data":[{"T":1739502302929,"s":"BTCUSDT","S":"Buy","v":"0.250","p":"96000.5"}]}
        """;

    internal const string PublicTrades = """
        {"topic":"publicTrade.ETHUSDT","type":"snapshot","ts":1739502303300,"data":[
          {"T":1739502303290,"s":"ETHUSDT","S":"Buy","v":"1.20","p":"2700.10","L":"PlusTick","i":"2290d2b7-0e6b-5c4c-9e3f-b6c8e1a0b0a1","BT":false},
          {"T":1739502303291,"s":"ETHUSDT","S":"Sell","v":"0.30","p":"2700.00","L":"MinusTick","i":"31b2f1a4-6f0c-5d2e-8a5b-0c1d2e3f4a5b","BT":false}]}
        """;

    internal const string BookSnapshot = """
        {"topic":"orderbook.1.SOLUSDT","type":"snapshot","ts":1739502303400,"data":{"s":"SOLUSDT","b":[["190.25","120.5"]],"a":[["190.27","80.1"]],"u":18521288,"seq":7961638724},"cts":1739502303398}
        """;

    internal const string TickerSnapshot = """
        {"topic":"tickers.BTCUSDT","type":"snapshot","data":{"symbol":"BTCUSDT","tickDirection":"PlusTick","price24hPcnt":"0.017103","lastPrice":"96010.00","prevPrice24h":"94400.50","highPrice24h":"96500.50","lowPrice24h":"94200.00","prevPrice1h":"95900.00","markPrice":"96005.30","indexPrice":"96001.10","openInterest":"55000.123","openInterestValue":"5280291500.00","turnover24h":"1570383121.94","volume24h":"91705.276","nextFundingTime":"1739520000000","fundingRate":"0.0001","bid1Price":"96009.50","bid1Size":"4.489","ask1Price":"96010.00","ask1Size":"3.020"},"cs":24987956059,"ts":1739502303500}
        """;

    [Fact]
    public void Bybit_allLiquidation_Buy_means_long_positions_liquidated()
    {
        var e = _f.DecodeOne(AllLiquidationBuy);
        Assert.Equal(EventKind.Liquidation, e.Kind);
        Assert.Equal(Side.Long, e.Side);
    }

    [Fact]
    public void Bybit_allLiquidation_Sell_means_short_positions_liquidated()
    {
        var e = _f.DecodeOne(AllLiquidationBuy.Replace("\"S\":\"Buy\"", "\"S\":\"Sell\""));
        Assert.Equal(Side.Short, e.Side);
    }

    [Fact]
    public void Bybit_allLiquidation_data_as_a_single_object_decodes_too()
    {
        var e = _f.DecodeOne("""
            {"topic":"allLiquidation.SOLUSDT","type":"snapshot","ts":2,"data":{"T":1,"s":"SOLUSDT","S":"Sell","v":"20","p":"180.5"}}
            """);
        Assert.Equal(("SOLUSDT", Side.Short, 20 * 180.5), (_f.NameOf(e), e.Side, e.NotionalUsd));
    }

    [Fact]
    public void Bybit_allLiquidation_fields_land_right()
    {
        var e = _f.DecodeOne(AllLiquidationBuy);
        Assert.Equal("BTCUSDT", _f.NameOf(e));
        Assert.Equal(96000.5, e.Price);
        Assert.Equal(0.25, e.Quantity);
        Assert.Equal(96000.5 * 0.25, e.NotionalUsd, 9);
        Assert.Equal(1739502302929, e.ExchangeTimeMs);
    }

    [Fact]
    public void Bybit_publicTrade_frame_with_several_trades_gives_one_event_each_with_taker_side()
    {
        var result = _f.Decode(PublicTrades);
        Assert.Equal(FrameResult.Events(2), result);
        var events = _f.Sink.Events;
        Assert.All(events, e => { _f.AssertStamped(e); Assert.Equal(EventKind.Trade, e.Kind); Assert.Equal("ETHUSDT", _f.NameOf(e)); });
        Assert.Equal(Side.Long, events[0].Side);
        Assert.Equal(2700.10 * 1.20, events[0].NotionalUsd, 9);
        Assert.Equal(1739502303290, events[0].ExchangeTimeMs);
        Assert.Equal(Side.Short, events[1].Side);
        Assert.Equal(0.30, events[1].Quantity);
    }

    [Fact]
    public void Bybit_multi_event_frame_failing_halfway_keeps_committed_events_and_rejects_the_bad_element()
    {
        string frame = """
            {"topic":"publicTrade.ETHUSDT","type":"snapshot","ts":1,"data":[{"T":1,"s":"ETHUSDT","S":"Buy","v":"1","p":"2700"},{"T":2,"s":"ETHUSDT","S":"Sell","v":"x","p":"2701"}]}
            """;
        var result = _f.Decode(frame);
        Assert.Equal(FrameOutcome.Rejected, result.Outcome);
        Assert.Equal(RejectReason.BadNumber, result.Reason);
        Assert.Equal(1, result.EventCount);
        var events = _f.Sink.Events;
        Assert.Equal(2, events.Length);
        Assert.Equal(EventKind.Trade, events[0].Kind);
        Assert.Equal(EventKind.Rejected, events[1].Kind);
        Assert.Equal(RejectReason.BadNumber, events[1].Reject);
    }

    [Fact]
    public void Bybit_orderbook_snapshot_then_delta_moves_the_top_of_book()
    {
        var snap = _f.DecodeOne(BookSnapshot);
        Assert.Equal(EventKind.BookTicker, snap.Kind);
        Assert.Equal("SOLUSDT", _f.NameOf(snap));
        Assert.Equal((190.25, 120.5, 190.27, 80.1), (snap.BidPrice, snap.BidQty, snap.AskPrice, snap.AskQty));
        Assert.Equal(1739502303400, snap.ExchangeTimeMs);

        // The old best bid is deleted (size 0) and a new one takes its place; the ask only changes size.
        var delta = _f.DecodeOne("""
            {"topic":"orderbook.1.SOLUSDT","type":"delta","ts":1739502303410,"data":{"s":"SOLUSDT","b":[["190.25","0"],["190.24","7.5"]],"a":[["190.27","60"]],"u":18521289,"seq":7961638725},"cts":1739502303408}
            """);
        Assert.Equal((190.24, 7.5, 190.27, 60.0), (delta.BidPrice, delta.BidQty, delta.AskPrice, delta.AskQty));
        Assert.Equal(1739502303410, delta.ExchangeTimeMs);
    }

    [Fact]
    public void Bybit_orderbook_delete_of_a_price_we_do_not_hold_changes_nothing()
    {
        _f.DecodeOne(BookSnapshot);
        var delta = _f.DecodeOne("""
            {"topic":"orderbook.1.SOLUSDT","type":"delta","ts":1739502303420,"data":{"s":"SOLUSDT","b":[["190.10","0"]],"a":[],"u":2,"seq":3}}
            """);
        Assert.Equal((190.25, 120.5, 190.27, 80.1), (delta.BidPrice, delta.BidQty, delta.AskPrice, delta.AskQty));
    }

    [Fact]
    public void Bybit_tickers_snapshot_emits_mark_price_and_open_interest()
    {
        var result = _f.Decode(TickerSnapshot);
        Assert.Equal(FrameResult.Events(2), result);
        var mark = _f.Sink.Events[0];
        var oi = _f.Sink.Events[1];
        Assert.Equal(EventKind.MarkPrice, mark.Kind);
        Assert.Equal(96005.30, mark.Price);
        Assert.Equal(0.0001, mark.FundingRate);
        Assert.Equal((96009.50, 96010.00), (mark.BidPrice, mark.AskPrice));
        Assert.Equal(1739502303500, mark.ExchangeTimeMs);
        Assert.Equal(EventKind.OpenInterest, oi.Kind);
        Assert.Equal(55000.123, oi.OpenInterest);
        Assert.Equal(5280291500.00, oi.NotionalUsd);
        Assert.Equal("BTCUSDT", _f.NameOf(oi));
    }

    [Fact]
    public void Bybit_tickers_delta_merges_into_the_held_snapshot()
    {
        _f.Decode(TickerSnapshot);
        _f.Sink.Clear();

        // Only the funding rate changed: one MarkPrice slot that still carries the snapshot's mark price.
        var mark = _f.DecodeOne("""
            {"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","fundingRate":"0.00025","lastPrice":"96020.00"},"cs":24987956060,"ts":1739502303600}
            """);
        Assert.Equal(EventKind.MarkPrice, mark.Kind);
        Assert.Equal(96005.30, mark.Price);
        Assert.Equal(0.00025, mark.FundingRate);
        Assert.Equal(1739502303600, mark.ExchangeTimeMs);

        // Only open interest changed: one OpenInterest slot with the new figure and the held USD value.
        var oi = _f.DecodeOne("""
            {"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","openInterest":"55100.000"},"cs":24987956061,"ts":1739502303700}
            """);
        Assert.Equal(EventKind.OpenInterest, oi.Kind);
        Assert.Equal(55100.0, oi.OpenInterest);
        Assert.Equal(5280291500.00, oi.NotionalUsd);

        // A delta of fields we do not publish is absorbed.
        _f.Sink.Clear();
        Assert.Equal(FrameResult.Control, _f.Decode("""
            {"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","volume24h":"91800.1","lastPrice":"96030.00"},"cs":24987956062,"ts":1739502303800}
            """));
        Assert.Equal(0, _f.Sink.Claimed);

        // A later delta still sees everything merged so far.
        var next = _f.DecodeOne("""
            {"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","markPrice":"96100.00"},"cs":24987956063,"ts":1739502303900}
            """);
        Assert.Equal((96100.00, 0.00025), (next.Price, next.FundingRate));
    }

    [Fact]
    public void Bybit_tickers_delta_with_a_bad_number_is_rejected_and_leaves_the_snapshot_alone()
    {
        _f.Decode(TickerSnapshot);
        _f.DecodeRejected("""
            {"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","markPrice":"96100.00","fundingRate":"lots"},"ts":1739502303950}
            """, RejectReason.BadNumber);
        var next = _f.DecodeOne("""
            {"topic":"tickers.BTCUSDT","type":"delta","data":{"symbol":"BTCUSDT","fundingRate":"0.0002"},"ts":1739502304000}
            """);
        Assert.Equal(96005.30, next.Price);
    }

    [Fact]
    public void Bybit_ts_after_data_still_dates_book_and_ticker_events()
    {
        var e = _f.DecodeOne("""
            {"topic":"orderbook.1.SOLUSDT","type":"snapshot","data":{"s":"SOLUSDT","b":[["1","2"]],"a":[["3","4"]]},"ts":42}
            """);
        Assert.Equal(42, e.ExchangeTimeMs);
        var t = _f.DecodeOne("""
            {"data":[{"T":7,"s":"BTCUSDT","S":"Sell","v":"1","p":"2"}],"type":"snapshot","topic":"publicTrade.BTCUSDT"}
            """);
        Assert.Equal(7, t.ExchangeTimeMs);
    }

    [Fact]
    public void Bybit_op_answers_are_control_and_failures_are_counted()
    {
        var decoder = (BybitDecoder)_f.Decoder;
        Assert.Equal(FrameResult.Control, _f.Decode("""{"success":true,"ret_msg":"","conn_id":"c1","req_id":"","op":"subscribe"}"""));
        Assert.Equal(FrameResult.Control, _f.Decode("""{"success":true,"ret_msg":"pong","conn_id":"c1","req_id":"","op":"ping"}"""));
        Assert.Equal(0, decoder.ErrorResponses);
        Assert.Equal(FrameResult.Control, _f.Decode("""{"success":false,"ret_msg":"error:handler not found,topic:nope.BTCUSDT","conn_id":"c1","op":"subscribe"}"""));
        Assert.Equal(1, decoder.ErrorResponses);
        Assert.Equal(0, _f.Sink.Claimed);
    }

    [Theory]
    [InlineData("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","data":[{"T":1,"s":"BTCUSDT","S":"Buy",""", RejectReason.MalformedJson)]
    [InlineData("""{"topic":"kline.1.BTCUSDT","type":"snapshot","ts":1,"data":[]}""", RejectReason.UnknownMessage)]
    [InlineData("""{"hello":"world"}""", RejectReason.UnknownMessage)]
    [InlineData("""{"topic":"allLiquidation.BTCUSDT","type":"snapshot","ts":1}""", RejectReason.MissingField)]
    [InlineData("""{"topic":"allLiquidation.BTCUSDT","ts":1,"data":[{"T":1,"s":"BTCUSDT","v":"1","p":"2"}]}""", RejectReason.MissingField)]
    [InlineData("""{"topic":"allLiquidation.BTCUSDT","ts":1,"data":[{"s":"BTCUSDT","S":"Buy","v":"1","p":"2"}]}""", RejectReason.MissingField)]
    [InlineData("""{"topic":"allLiquidation.BTCUSDT","ts":1,"data":[{"T":1,"s":"BTCUSDT","S":"Buy","v":"1","p":"2..0"}]}""", RejectReason.BadNumber)]
    [InlineData("""{"topic":"orderbook.1.BTCUSDT","type":"snapshot","ts":1,"data":{"s":"BTCUSDT","b":[["x","1"]],"a":[]}}""", RejectReason.BadNumber)]
    [InlineData("""{"topic":"orderbook.1.BTCUSDT","type":"sometimes","ts":1,"data":{"s":"BTCUSDT","b":[],"a":[]}}""", RejectReason.UnknownMessage)]
    [InlineData("""{"topic":"tickers.bad symbol","type":"snapshot","ts":1,"data":{"markPrice":"1"}}""", RejectReason.UnknownSymbol)]
    public void Bybit_bad_frames_become_one_rejected_slot_with_the_reason(string frame, RejectReason reason)
    {
        _f.DecodeRejected(frame, reason);
        Assert.Equal(1, _f.Sink.Committed);
    }
}
