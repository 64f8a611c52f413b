using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

public class BinanceDecoderTests
{
    private readonly DecoderFixture _f = new(new BinanceProtocol());

    // Shapes follow Binance's USD-M "Liquidation Order Streams", "Aggregate Trade Streams", "Individual Symbol
    // Book Ticker Streams" and "Mark Price Stream" docs, wrapped as on a combined-stream connection.
    internal const string ForceOrderSell = """
        {"stream":"!forceOrder@arr","data":{"e":"forceOrder","E":1737996000123,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.500","p":"101000.10","ap":"101200.50","X":"FILLED","l":"0.200","z":"0.400","T":1737996000120}}}
        """;

    internal const string AggTrade = """
        {"stream":"ethusdt@aggTrade","data":{"e":"aggTrade","E":1737996000456,"a":5933014,"s":"ETHUSDT","p":"3150.25","q":"2.500","f":100,"l":105,"T":1737996000450,"m":true}}
        """;

    internal const string BookTicker = """
        {"stream":"solusdt@bookTicker","data":{"e":"bookTicker","u":400900217,"E":1737996000789,"T":1737996000787,"s":"SOLUSDT","b":"245.120","B":"31.21","a":"245.130","A":"40.66"}}
        """;

    internal const string MarkPrice = """
        {"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":1737996001000,"s":"BTCUSDT","p":"101150.12345678","i":"101140.00000000","P":"101145.5","r":"0.00038167","T":1738022400000}}
        """;

    [Fact]
    public void Binance_forceOrder_SELL_means_long_positions_liquidated()
    {
        var e = _f.DecodeOne(ForceOrderSell);
        Assert.Equal(EventKind.Liquidation, e.Kind);
        Assert.Equal(Side.Long, e.Side);
    }

    [Fact]
    public void Binance_forceOrder_BUY_means_short_positions_liquidated()
    {
        var e = _f.DecodeOne(ForceOrderSell.Replace("\"S\":\"SELL\"", "\"S\":\"BUY\""));
        Assert.Equal(Side.Short, e.Side);
    }

    [Fact]
    public void Binance_forceOrder_values_come_from_average_price_and_filled_quantity()
    {
        var e = _f.DecodeOne(ForceOrderSell);
        Assert.Equal("BTCUSDT", _f.NameOf(e));
        Assert.Equal(101200.50, e.Price);
        Assert.Equal(0.400, e.Quantity);
        Assert.Equal(101200.50 * 0.400, e.NotionalUsd, 6);
        Assert.Equal(1737996000120, e.ExchangeTimeMs);
    }

    [Fact]
    public void Binance_forceOrder_without_fills_falls_back_to_order_price_quantity_and_event_time()
    {
        string frame = """
            {"stream":"!forceOrder@arr","data":{"e":"forceOrder","E":1737996000999,"o":{"s":"DOGEUSDT","S":"BUY","q":"1000","p":"0.3512","ap":"0","z":"0"}}}
            """;
        var e = _f.DecodeOne(frame);
        Assert.Equal(0.3512, e.Price);
        Assert.Equal(1000, e.Quantity);
        Assert.Equal(0.3512 * 1000, e.NotionalUsd, 9);
        Assert.Equal(1737996000999, e.ExchangeTimeMs);
    }

    [Fact]
    public void Binance_decoding_does_not_depend_on_key_order()
    {
        string reordered = """
            {"data":{"o":{"T":1737996000120,"z":"0.400","ap":"101200.50","p":"101000.10","q":"0.500","S":"SELL","s":"BTCUSDT"},"E":1737996000123,"e":"forceOrder"},"stream":"!forceOrder@arr"}
            """;
        var expected = _f.DecodeOne(ForceOrderSell);
        var actual = _f.DecodeOne(reordered);
        Assert.Equal(expected.Side, actual.Side);
        Assert.Equal(expected.Price, actual.Price);
        Assert.Equal(expected.Quantity, actual.Quantity);
        Assert.Equal(expected.SymbolId, actual.SymbolId);
        Assert.Equal(expected.ExchangeTimeMs, actual.ExchangeTimeMs);
    }

    [Fact]
    public void Binance_raw_stream_payload_without_wrapper_decodes_too()
    {
        string raw = """{"e":"aggTrade","E":1,"s":"ETHUSDT","p":"10","q":"2","T":5,"m":false}""";
        var e = _f.DecodeOne(raw);
        Assert.Equal(EventKind.Trade, e.Kind);
        Assert.Equal(20, e.NotionalUsd);
    }

    [Fact]
    public void Binance_aggTrade_buyer_is_maker_means_seller_initiated()
    {
        var e = _f.DecodeOne(AggTrade);
        Assert.Equal(EventKind.Trade, e.Kind);
        Assert.Equal(Side.Short, e.Side);
        Assert.Equal("ETHUSDT", _f.NameOf(e));
        Assert.Equal(3150.25, e.Price);
        Assert.Equal(2.5, e.Quantity);
        Assert.Equal(3150.25 * 2.5, e.NotionalUsd, 9);
        Assert.Equal(1737996000450, e.ExchangeTimeMs);

        var buy = _f.DecodeOne(AggTrade.Replace("\"m\":true", "\"m\":false"));
        Assert.Equal(Side.Long, buy.Side);
    }

    [Fact]
    public void Binance_bookTicker_fields_land_in_bid_and_ask()
    {
        var e = _f.DecodeOne(BookTicker);
        Assert.Equal(EventKind.BookTicker, e.Kind);
        Assert.Equal("SOLUSDT", _f.NameOf(e));
        Assert.Equal(245.120, e.BidPrice);
        Assert.Equal(31.21, e.BidQty);
        Assert.Equal(245.130, e.AskPrice);
        Assert.Equal(40.66, e.AskQty);
        Assert.Equal(1737996000787, e.ExchangeTimeMs);
        Assert.Equal(Side.None, e.Side);
    }

    [Fact]
    public void Binance_markPrice_carries_mark_and_funding_dated_by_event_time_not_next_funding_time()
    {
        var e = _f.DecodeOne(MarkPrice);
        Assert.Equal(EventKind.MarkPrice, e.Kind);
        Assert.Equal(101150.12345678, e.Price);
        Assert.Equal(0.00038167, e.FundingRate);
        Assert.Equal(1737996001000, e.ExchangeTimeMs);
    }

    [Fact]
    public void Binance_subscription_answers_are_control_and_errors_are_counted()
    {
        var decoder = (BinanceDecoder)_f.Decoder;
        Assert.Equal(FrameOutcome.Control, _f.Decode("""{"result":null,"id":1}""").Outcome);
        Assert.Equal(0, decoder.ErrorResponses);
        Assert.Equal(FrameOutcome.Control, _f.Decode("""{"error":{"code":2,"msg":"Invalid request"},"id":3}""").Outcome);
        Assert.Equal(1, decoder.ErrorResponses);
        Assert.Equal(0, _f.Sink.Claimed);
    }

    [Theory]
    [InlineData("""{"stream":"x","data":{"e":"forceOrder","E":1,"o":{"s":"BTCUSDT","S":"SELL","q":"1","p":"10",""", RejectReason.MalformedJson)]
    [InlineData("not json at all", RejectReason.MalformedJson)]
    [InlineData("", RejectReason.MalformedJson)]
    [InlineData("""{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1,"s":"BTCUSDT"}}""", RejectReason.UnknownMessage)]
    [InlineData("""[1,2,3]""", RejectReason.UnknownMessage)]
    [InlineData("""{"stream":"x","data":{"e":"forceOrder","E":1,"o":{"S":"SELL","q":"1","p":"10"}}}""", RejectReason.MissingField)]
    [InlineData("""{"stream":"x","data":{"e":"forceOrder","E":1,"o":{"s":"BTCUSDT","q":"1","p":"10"}}}""", RejectReason.MissingField)]
    [InlineData("""{"stream":"x","data":{"e":"aggTrade","E":1,"s":"BTCUSDT","p":"10","q":"1","T":1}}""", RejectReason.MissingField)]
    [InlineData("""{"stream":"x","data":{"e":"forceOrder","E":1,"o":{"s":"BTCUSDT","S":"SELL","q":"1","p":"1O.5","ap":"0"}}}""", RejectReason.BadNumber)]
    [InlineData("""{"stream":"x","data":{"e":"aggTrade","E":1,"s":"BTCUSDT","p":"10","q":"abc","T":1,"m":true}}""", RejectReason.BadNumber)]
    [InlineData("""{"stream":"x","data":{"e":"aggTrade","E":1,"s":"BTCUSDT","p":"10","q":"1","T":"soon","m":true}}""", RejectReason.BadNumber)]
    [InlineData("""{"stream":"x","data":{"e":"markPriceUpdate","E":1,"s":"BTCUSDT","p":"NaN","r":"0.0001"}}""", RejectReason.BadNumber)]
    [InlineData("""{"stream":"x","data":{"e":"aggTrade","E":1,"s":"btc-usdt!","p":"10","q":"1","T":1,"m":true}}""", RejectReason.UnknownSymbol)]
    [InlineData("""{"stream":"x","data":{"e":"forceOrder","E":1,"o":{"s":"BTCUSDT","S":"HOLD","q":"1","p":"10"}}}""", RejectReason.UnknownMessage)]
    public void Binance_bad_frames_become_one_rejected_slot_with_the_reason(string frame, RejectReason reason)
    {
        _f.DecodeRejected(frame, reason);
        Assert.Equal(1, _f.Sink.Committed);
    }

    [Fact]
    public void Binance_symbol_sent_with_unicode_escapes_is_unescaped_to_its_utf8_name()
    {
        // Binance lists a few symbols with non-Latin names and sends them \u-escaped.
        string frame = """
            {"stream":"!forceOrder@arr","data":{"e":"forceOrder","E":1,"o":{"s":"\u5e01\u5b89USDT","S":"BUY","q":"100","p":"0.12","ap":"0.12","z":"100","T":2}}}
            """;
        var e = _f.DecodeOne(frame);
        Assert.Equal("\u5e01\u5b89USDT", _f.NameOf(e));
        Assert.Equal(Side.Short, e.Side);
    }

    [Fact]
    public void Binance_full_symbol_table_rejects_with_SymbolTableFull()
    {
        var f = new DecoderFixture(new BinanceProtocol(), new SymbolTable(capacity: 1));
        f.DecodeOne(AggTrade);
        f.DecodeRejected(BookTicker, RejectReason.SymbolTableFull);
    }
}
