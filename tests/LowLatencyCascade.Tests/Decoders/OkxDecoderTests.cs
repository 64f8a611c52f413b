using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Okx;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

public class OkxDecoderTests
{
    private static readonly OkxInstruments Instruments = OkxInstruments.FromContractValues(new Dictionary<string, double>
    {
        ["BTCUSDT"] = 0.01,
        ["ETHUSDT"] = 0.1,
        ["DOGEUSDT"] = 1000,
    });

    private readonly DecoderFixture _f = new(new OkxProtocol(Instruments));

    // Shapes follow OKX's v5 docs for the public channels; like OKX's own example, details come before instId.
    internal const string LiquidationLongMode = """
        {"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"details":[{"bkLoss":"0","bkPx":"95000.5","ccy":"","posSide":"long","side":"sell","sz":"30","ts":"1739502302929"}],"instFamily":"BTC-USDT","instId":"BTC-USDT-SWAP","instType":"SWAP","uly":"BTC-USDT"}]}
        """;

    internal const string Trades = """
        {"arg":{"channel":"trades","instId":"ETH-USDT-SWAP"},"data":[{"instId":"ETH-USDT-SWAP","tradeId":"130639474","px":"2700.5","sz":"25","side":"buy","ts":"1739502303290","count":"3"}]}
        """;

    internal const string Bbo = """
        {"arg":{"channel":"bbo-tbt","instId":"DOGE-USDT-SWAP"},"data":[{"asks":[["0.35210","40","0","3"]],"bids":[["0.35200","12","0","2"]],"ts":"1739502303400","seqId":3235}]}
        """;

    internal const string FundingRate = """
        {"arg":{"channel":"funding-rate","instId":"BTC-USDT-SWAP"},"data":[{"fundingRate":"0.000125","fundingTime":"1739520000000","instId":"BTC-USDT-SWAP","instType":"SWAP","method":"current_period","maxFundingRate":"0.00375","minFundingRate":"-0.00375","nextFundingRate":"","nextFundingTime":"1739548800000","premium":"0.0001","settFundingRateType":"settlement","settState":"settled","ts":"1739502303500"}]}
        """;

    internal const string MarkPrice = """
        {"arg":{"channel":"mark-price","instId":"BTC-USDT-SWAP"},"data":[{"instType":"SWAP","instId":"BTC-USDT-SWAP","markPx":"96001.2","ts":"1739502303550"}]}
        """;

    internal const string OpenInterest = """
        {"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"2500000","oiCcy":"25000","oiUsd":"2400030000","ts":"1739502303600"}]}
        """;

    [Fact]
    public void Okx_liquidation_posSide_long_means_long_positions_liquidated()
    {
        var e = _f.DecodeOne(LiquidationLongMode);
        Assert.Equal(EventKind.Liquidation, e.Kind);
        Assert.Equal(Side.Long, e.Side);
        var s = _f.DecodeOne(LiquidationLongMode.Replace("\"posSide\":\"long\",\"side\":\"sell\"", "\"posSide\":\"short\",\"side\":\"buy\""));
        Assert.Equal(Side.Short, s.Side);
    }

    [Theory]
    [InlineData("sell", Side.Long)]
    [InlineData("buy", Side.Short)]
    public void Okx_liquidation_in_net_mode_takes_the_side_from_the_order(string orderSide, Side liquidated)
    {
        var e = _f.DecodeOne(LiquidationLongMode.Replace("\"posSide\":\"long\",\"side\":\"sell\"", $"\"posSide\":\"net\",\"side\":\"{orderSide}\""));
        Assert.Equal(liquidated, e.Side);
    }

    [Fact]
    public void Okx_liquidation_size_in_contracts_is_multiplied_by_the_contract_value()
    {
        var e = _f.DecodeOne(LiquidationLongMode);
        Assert.Equal("BTCUSDT", _f.NameOf(e));
        Assert.Equal(30 * 0.01, e.Quantity, 12);
        Assert.Equal(95000.5, e.Price);
        Assert.Equal(30 * 0.01 * 95000.5, e.NotionalUsd, 6);
        Assert.Equal(1739502302929, e.ExchangeTimeMs);
    }

    [Fact]
    public void Okx_liquidation_frame_with_several_elements_and_details_gives_one_event_per_detail()
    {
        string frame = """
            {"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[
              {"instId":"DOGE-USDT-SWAP","details":[{"posSide":"long","side":"sell","sz":"3","bkPx":"0.35","ts":"1"},{"posSide":"short","side":"buy","sz":"2","bkPx":"0.36","ts":"2"}]},
              {"details":[{"posSide":"net","side":"sell","sz":"1","bkPx":"2600","ts":"3"}],"instId":"ETH-USDT-SWAP"}]}
            """;
        Assert.Equal(FrameResult.Events(3), _f.Decode(frame));
        var e = _f.Sink.Events;
        Assert.Equal(("DOGEUSDT", Side.Long, 3000.0), (_f.NameOf(e[0]), e[0].Side, e[0].Quantity));
        Assert.Equal(("DOGEUSDT", Side.Short, 2000.0), (_f.NameOf(e[1]), e[1].Side, e[1].Quantity));
        Assert.Equal(("ETHUSDT", Side.Long), (_f.NameOf(e[2]), e[2].Side));
        Assert.Equal(0.1, e[2].Quantity, 12);
        Assert.Equal(260, e[2].NotionalUsd, 9);
    }

    [Fact]
    public void Okx_inverse_swaps_are_skipped_and_counted_not_rejected()
    {
        var decoder = (OkxDecoder)_f.Decoder;
        string inverseOnly = LiquidationLongMode.Replace("BTC-USDT-SWAP", "BTC-USD-SWAP");
        Assert.Equal(FrameResult.Control, _f.Decode(inverseOnly));
        Assert.Equal(0, _f.Sink.Claimed);
        Assert.Equal(1, decoder.OutOfScopeInstruments);

        string mixed = """
            {"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[
              {"instId":"ETH-USD-SWAP","details":[{"posSide":"long","side":"sell","sz":"3","bkPx":"2600","ts":"1"}]},
              {"instId":"ETH-USDT-SWAP","details":[{"posSide":"long","side":"sell","sz":"3","bkPx":"2600","ts":"1"}]}]}
            """;
        Assert.Equal(FrameResult.Events(1), _f.Decode(mixed));
        Assert.Equal(2, decoder.OutOfScopeInstruments);
    }

    [Fact]
    public void Okx_linear_swap_without_a_known_contract_value_is_rejected_as_unknown_symbol()
    {
        _f.DecodeRejected(LiquidationLongMode.Replace("BTC-USDT-SWAP", "NEWCOIN-USDT-SWAP"), RejectReason.UnknownSymbol);
        Assert.False(_f.Symbols.TryGet("NEWCOINUSDT", out _));
    }

    [Fact]
    public void Okx_trade_quantity_is_contracts_times_contract_value_and_side_is_the_taker()
    {
        var e = _f.DecodeOne(Trades);
        Assert.Equal(EventKind.Trade, e.Kind);
        Assert.Equal("ETHUSDT", _f.NameOf(e));
        Assert.Equal(Side.Long, e.Side);
        Assert.Equal(2700.5, e.Price);
        Assert.Equal(2.5, e.Quantity, 12);
        Assert.Equal(2.5 * 2700.5, e.NotionalUsd, 6);
        Assert.Equal(1739502303290, e.ExchangeTimeMs);
        Assert.Equal(Side.Short, _f.DecodeOne(Trades.Replace("\"side\":\"buy\"", "\"side\":\"sell\"")).Side);
    }

    [Fact]
    public void Okx_bbo_takes_the_instrument_from_arg_and_converts_sizes()
    {
        var e = _f.DecodeOne(Bbo);
        Assert.Equal(EventKind.BookTicker, e.Kind);
        Assert.Equal("DOGEUSDT", _f.NameOf(e));
        Assert.Equal(0.35200, e.BidPrice);
        Assert.Equal(12_000, e.BidQty);
        Assert.Equal(0.35210, e.AskPrice);
        Assert.Equal(40_000, e.AskQty);
        Assert.Equal(1739502303400, e.ExchangeTimeMs);
    }

    [Fact]
    public void Okx_mark_price_slots_carry_the_latest_mark_and_funding_from_both_channels()
    {
        var funding = _f.DecodeOne(FundingRate);
        Assert.Equal(EventKind.MarkPrice, funding.Kind);
        Assert.Equal(0.000125, funding.FundingRate);
        Assert.Equal(0, funding.Price);
        Assert.Equal(1739502303500, funding.ExchangeTimeMs);

        var mark = _f.DecodeOne(MarkPrice);
        Assert.Equal(EventKind.MarkPrice, mark.Kind);
        Assert.Equal(96001.2, mark.Price);
        Assert.Equal(0.000125, mark.FundingRate);
        Assert.Equal(1739502303550, mark.ExchangeTimeMs);
    }

    [Fact]
    public void Okx_open_interest_uses_coin_and_usd_figures()
    {
        var e = _f.DecodeOne(OpenInterest);
        Assert.Equal(EventKind.OpenInterest, e.Kind);
        Assert.Equal(25000, e.OpenInterest);
        Assert.Equal(2400030000, e.NotionalUsd);
        Assert.Equal(1739502303600, e.ExchangeTimeMs);
    }

    [Fact]
    public void Okx_open_interest_without_coin_figures_converts_contracts_and_values_them_at_the_mark()
    {
        _f.DecodeOne(MarkPrice);
        var e = _f.DecodeOne("""
            {"arg":{"channel":"open-interest","instId":"BTC-USDT-SWAP"},"data":[{"instId":"BTC-USDT-SWAP","instType":"SWAP","oi":"2500000","ts":"1739502303600"}]}
            """);
        Assert.Equal(25000, e.OpenInterest, 9);
        Assert.Equal(25000 * 96001.2, e.NotionalUsd, 3);
    }

    [Fact]
    public void Okx_data_before_arg_still_decodes()
    {
        var e = _f.DecodeOne("""
            {"data":[{"px":"2700.5","sz":"25","side":"sell","ts":"5"}],"arg":{"instId":"ETH-USDT-SWAP","channel":"trades"}}
            """);
        Assert.Equal(("ETHUSDT", Side.Short, 5L), (_f.NameOf(e), e.Side, e.ExchangeTimeMs));
    }

    [Fact]
    public void Okx_events_and_pong_are_control_and_errors_are_counted()
    {
        var decoder = (OkxDecoder)_f.Decoder;
        Assert.Equal(FrameResult.Control, _f.Decode("pong"));
        Assert.Equal(FrameResult.Control, _f.Decode("""{"event":"subscribe","arg":{"channel":"trades","instId":"BTC-USDT-SWAP"},"connId":"a4d3ae55"}"""));
        Assert.Equal(0, decoder.ErrorEvents);
        Assert.Equal(FrameResult.Control, _f.Decode("""{"event":"error","code":"60012","msg":"Invalid request: {\"op\": \"subscribe\"}","connId":"a4d3ae55"}"""));
        Assert.Equal(1, decoder.ErrorEvents);
        Assert.Equal(0, _f.Sink.Claimed);
    }

    [Theory]
    [InlineData("""{"arg":{"channel":"trades","instId":"ETH-USDT-SWAP"},"data":[{"px":"1","sz":""", RejectReason.MalformedJson)]
    [InlineData("""pongpong""", RejectReason.MalformedJson)]
    [InlineData("""{"arg":{"channel":"candle1m","instId":"ETH-USDT-SWAP"},"data":[["1","2"]]}""", RejectReason.UnknownMessage)]
    [InlineData("""{"something":"else"}""", RejectReason.UnknownMessage)]
    [InlineData("""{"arg":{"channel":"trades","instId":"ETH-USDT-SWAP"}}""", RejectReason.MissingField)]
    [InlineData("""{"arg":{"channel":"trades"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1"}]}""", RejectReason.MissingField)]
    [InlineData("""{"arg":{"channel":"trades","instId":"ETH-USDT-SWAP"},"data":[{"px":"1","sz":"1","side":"buy"}]}""", RejectReason.MissingField)]
    [InlineData("""{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"ETH-USDT-SWAP","details":[{"posSide":"long","side":"sell","bkPx":"1","ts":"1"}]}]}""", RejectReason.MissingField)]
    [InlineData("""{"arg":{"channel":"trades","instId":"ETH-USDT-SWAP"},"data":[{"px":"1,5","sz":"1","side":"buy","ts":"1"}]}""", RejectReason.BadNumber)]
    [InlineData("""{"arg":{"channel":"funding-rate","instId":"BTC-USDT-SWAP"},"data":[{"fundingRate":"0.0001","ts":"yesterday"}]}""", RejectReason.BadNumber)]
    [InlineData("""{"arg":{"channel":"trades","instId":"ETHUSDTSWAP"},"data":[{"px":"1","sz":"1","side":"buy","ts":"1"}]}""", RejectReason.UnknownSymbol)]
    [InlineData("""{"arg":{"channel":"liquidation-orders","instType":"SWAP"},"data":[{"instId":"ETH-USDT-SWAP","details":[{"posSide":"both","side":"sell","sz":"1","bkPx":"1","ts":"1"}]}]}""", RejectReason.UnknownMessage)]
    public void Okx_bad_frames_become_one_rejected_slot_with_the_reason(string frame, RejectReason reason)
    {
        _f.DecodeRejected(frame, reason);
        Assert.Equal(1, _f.Sink.Committed);
    }
}
