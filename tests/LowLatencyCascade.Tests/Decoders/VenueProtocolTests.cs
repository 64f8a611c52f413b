using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;
using LowLatencyCascade.Feeds.Venues;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

public class VenueProtocolTests
{
    private static readonly FeedSubscription BtcEth = new(["BTCUSDT", "ETHUSDT"]);

    [Fact]
    public void Binance_market_route_carries_liquidations_trades_and_mark_price_under_the_root()
    {
        var uri = new BinanceProtocol(BinanceRoute.Market).BuildConnectUri(BinanceProtocol.DefaultEndpoint, BtcEth);
        Assert.Equal("wss", uri.Scheme);
        Assert.Equal("fstream.binance.com", uri.Host);
        Assert.Equal("/market/stream", uri.AbsolutePath);
        Assert.Equal(
            "?streams=!forceOrder@arr/btcusdt@aggTrade/btcusdt@markPrice@1s/ethusdt@aggTrade/ethusdt@markPrice@1s",
            uri.Query);
    }

    [Fact]
    public void Binance_public_route_carries_only_the_book_tickers_and_depth()
    {
        var uri = new BinanceProtocol(BinanceRoute.Public).BuildConnectUri(BinanceProtocol.DefaultEndpoint, BtcEth);
        Assert.Equal("wss://fstream.binance.com/public/stream?streams=btcusdt@bookTicker/btcusdt@depth20@500ms/ethusdt@bookTicker/ethusdt@depth20@500ms", uri.ToString());
    }

    [Fact]
    public void Binance_subscription_needs_both_routes_and_a_liquidation_only_one_needs_the_market_route_alone()
    {
        Assert.Equal([BinanceRoute.Market, BinanceRoute.Public], BinanceProtocol.ForSubscription(BtcEth).Select(p => p.Route));
        var liquidationsOnly = new FeedSubscription([], Trades: false, BookTicker: false, MarkPrice: false);
        Assert.Equal([BinanceRoute.Market], BinanceProtocol.ForSubscription(liquidationsOnly).Select(p => p.Route));
        Assert.Equal(["market", "public"], VenueProtocols.Connections(Exchange.Binance, BtcEth).Select(c => c.Route));
        Assert.Equal([(string?)null], VenueProtocols.Connections(Exchange.Bybit, BtcEth).Select(c => c.Route));
    }

    [Theory]
    [InlineData("btcusdt@bookTicker", BinanceRoute.Public)]
    [InlineData("!bookTicker", BinanceRoute.Public)]
    [InlineData("btcusdt@depth5@100ms", BinanceRoute.Public)]
    [InlineData("btcusdt@depth", BinanceRoute.Public)]
    [InlineData("!forceOrder@arr", BinanceRoute.Market)]
    [InlineData("btcusdt@forceOrder", BinanceRoute.Market)]
    [InlineData("btcusdt@aggTrade", BinanceRoute.Market)]
    [InlineData("btcusdt@markPrice@1s", BinanceRoute.Market)]
    [InlineData("!markPrice@arr@1s", BinanceRoute.Market)]
    public void Binance_streams_route_as_the_change_notice_maps_them(string stream, BinanceRoute route) =>
        Assert.Equal(route, BinanceRoutes.Of(stream));

    [Fact]
    public void Binance_connect_uri_to_a_local_server_keeps_host_port_path_prefix_and_query()
    {
        var uri = new BinanceProtocol().BuildConnectUri(new Uri("ws://127.0.0.1:5123/proxy/binance?token=abc"),
            new FeedSubscription(["SOLUSDT"], Trades: false, BookTicker: false, MarkPrice: false) { AllMarketLiquidations = false });
        Assert.Equal("ws://127.0.0.1:5123/proxy/binance/market/stream?token=abc&streams=solusdt@forceOrder", uri.ToString());
    }

    [Theory]
    [InlineData("wss://fstream.binance.com/stream", "retired")]
    [InlineData("wss://fstream.binance.com/ws", "retired")]
    [InlineData("wss://fstream.binance.com/ws/btcusdt@aggTrade", "retired")]
    [InlineData("wss://fstream.binance.com/market", "route")]
    [InlineData("wss://fstream.binance.com/public/stream", "route")]
    [InlineData("wss://fstream.binance.com/?streams=btcusdt@aggTrade", "streams")]
    public void Binance_refuses_a_retired_or_routed_url_where_the_root_belongs(string url, string why)
    {
        string? problem = BinanceRoutes.RootProblem(new Uri(url));
        Assert.NotNull(problem);
        Assert.Contains(why, problem);
        Assert.Contains("wss://fstream.binance.com", problem);
        Assert.Throws<ArgumentException>(() => new BinanceProtocol().BuildConnectUri(new Uri(url), BtcEth));
    }

    [Theory]
    [InlineData("wss://fstream.binance.com")]
    [InlineData("wss://fstream.binance.com/")]
    [InlineData("ws://127.0.0.1:9000")]
    [InlineData("ws://127.0.0.1:9000/proxy?token=abc")]
    public void Binance_accepts_a_root(string url) => Assert.Null(BinanceRoutes.RootProblem(new Uri(url)));

    [Fact]
    public void Binance_sends_no_subscribe_messages_and_no_pings_and_reconnects_within_a_day()
    {
        var p = new BinanceProtocol();
        Assert.Empty(p.SubscribeMessages(BtcEth));
        Assert.Null(p.PingMessage);
        Assert.Equal(TimeSpan.FromHours(24), p.MaxConnectionLifetime);
        Assert.False(p.IsPong("pong"u8));
    }

    [Fact]
    public void Binance_rejects_more_streams_than_one_connection_carries()
    {
        // 600 symbols: 1,201 market streams (trades and mark price), 600 public ones (book tickers; depth off): only the market route is over 1,024.
        var symbols = Enumerable.Range(0, 600).Select(i => $"S{i}USDT").ToArray();
        Assert.Throws<ArgumentException>(() => new BinanceProtocol(BinanceRoute.Market).BuildConnectUri(BinanceProtocol.DefaultEndpoint, new FeedSubscription(symbols) { Depth = false }));
        new BinanceProtocol(BinanceRoute.Public).BuildConnectUri(BinanceProtocol.DefaultEndpoint, new FeedSubscription(symbols) { Depth = false });
        // With depth the public route carries 1,200: over the cap as well.
        Assert.Throws<ArgumentException>(() => new BinanceProtocol(BinanceRoute.Public).BuildConnectUri(BinanceProtocol.DefaultEndpoint, new FeedSubscription(symbols)));
    }

    [Fact]
    public void Binance_puts_what_fits_in_the_url_and_subscribes_the_rest_in_documented_requests()
    {
        var names = Enumerable.Range(0, 200).Select(i => $"LONGNAMEDCOIN{i:D3}USDT").ToArray();
        var subscription = new FeedSubscription(names);
        foreach (var route in new[] { BinanceRoute.Market, BinanceRoute.Public })
        {
            var p = new BinanceProtocol(route);
            var uri = p.BuildConnectUri(BinanceProtocol.DefaultEndpoint, subscription);
            string query = Uri.UnescapeDataString(uri.Query);
            Assert.StartsWith("?streams=", query);
            Assert.InRange(query.Length - "?streams=".Length, 1, BinanceProtocol.MaxUrlStreamChars);
            var inUrl = query["?streams=".Length..].Split('/');
            var requested = new List<string>();
            int expectedId = 1;
            foreach (string message in p.SubscribeMessages(subscription))
            {
                using var doc = JsonDocument.Parse(message);
                Assert.Equal("SUBSCRIBE", doc.RootElement.GetProperty("method").GetString());
                Assert.Equal(expectedId++, doc.RootElement.GetProperty("id").GetInt32());
                var streams = doc.RootElement.GetProperty("params").EnumerateArray().Select(e => e.GetString()!).ToArray();
                Assert.InRange(streams.Length, 1, BinanceProtocol.MaxStreamsPerSubscribe);
                requested.AddRange(streams);
            }
            // Every stream of the route exactly once, in order: the URL's first, then the requests'.
            Assert.Equal(BinanceProtocol.StreamNames(subscription, route), [.. inUrl, .. requested]);
        }
        // The market route (401 streams, about 12 KiB) needs requests; the public one (200 book tickers) as well.
        Assert.NotEmpty(new BinanceProtocol(BinanceRoute.Market).SubscribeMessages(subscription));
    }

    [Fact]
    public void Bybit_connect_uri_is_the_endpoint_and_subscribe_messages_are_valid_json_within_the_arg_limit()
    {
        var p = new BybitProtocol();
        var endpoint = new Uri("ws://127.0.0.1:6000/v5/public/linear");
        Assert.Equal(endpoint, p.BuildConnectUri(endpoint, BtcEth));

        var symbols = new[] { "BTCUSDT", "ETHUSDT", "SOLUSDT" };
        var messages = p.SubscribeMessages(new FeedSubscription(symbols));
        var args = new List<string>();
        foreach (string message in messages)
        {
            using var doc = JsonDocument.Parse(message);
            Assert.Equal("subscribe", doc.RootElement.GetProperty("op").GetString());
            var list = doc.RootElement.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
            Assert.InRange(list.Count, 1, BybitProtocol.MaxArgsPerRequest);
            args.AddRange(list);
        }
        Assert.Equal(2, messages.Count);
        Assert.Equal(15, args.Count);
        Assert.Contains("allLiquidation.BTCUSDT", args);
        Assert.Contains("publicTrade.ETHUSDT", args);
        Assert.Contains("orderbook.1.SOLUSDT", args);
        Assert.Contains("tickers.SOLUSDT", args);
        Assert.Equal(args.Count, args.Distinct().Count());
    }

    [Fact]
    public void Bybit_pings_every_20_seconds_and_recognizes_both_pong_shapes()
    {
        var p = new BybitProtocol();
        Assert.Equal("""{"op":"ping"}""", p.PingMessage);
        Assert.Equal(TimeSpan.FromSeconds(20), p.PingInterval);
        Assert.True(p.IsPong("""{"success":true,"ret_msg":"pong","conn_id":"x","req_id":"","op":"ping"}"""u8));
        Assert.True(p.IsPong("""{"req_id":"1","op":"pong","args":["1739502303204"],"conn_id":"x"}"""u8));
        Assert.False(p.IsPong("""{"success":true,"ret_msg":"","conn_id":"x","op":"subscribe"}"""u8));
        Assert.False(p.IsPong("""{"topic":"publicTrade.BTCUSDT","data":[]}"""u8));
        Assert.False(p.IsPong("pong"u8));
        Assert.False(p.IsPong("{\"op\":"u8));
    }

    [Fact]
    public void Okx_subscribe_message_lists_liquidations_once_and_every_channel_per_instrument()
    {
        var p = new OkxProtocol(OkxInstruments.BuiltIn);
        var endpoint = new Uri("ws://127.0.0.1:7000/ws/v5/public");
        Assert.Equal(endpoint, p.BuildConnectUri(endpoint, BtcEth));
        var messages = p.SubscribeMessages(BtcEth);
        var message = Assert.Single(messages);
        using var doc = JsonDocument.Parse(message);
        Assert.Equal("subscribe", doc.RootElement.GetProperty("op").GetString());
        var args = doc.RootElement.GetProperty("args").EnumerateArray()
            .Select(a => (a.GetProperty("channel").GetString(), a.TryGetProperty("instId", out var i) ? i.GetString() : a.GetProperty("instType").GetString()))
            .ToList();
        Assert.Equal(("liquidation-orders", "SWAP"), args[0]);
        Assert.Single(args, a => a.Item1 == "liquidation-orders");
        foreach (string instId in new[] { "BTC-USDT-SWAP", "ETH-USDT-SWAP" })
        {
            foreach (string channel in new[] { "trades", "bbo-tbt", "funding-rate", "mark-price", "open-interest" })
            {
                Assert.Contains((channel, instId), args);
            }
        }
    }

    [Fact]
    public void Okx_splits_a_subscription_that_exceeds_the_request_size_cap()
    {
        var symbols = Enumerable.Range(0, 300).Select(i => $"COIN{i}USDT").ToArray();
        var messages = new OkxProtocol(OkxInstruments.BuiltIn).SubscribeMessages(new FeedSubscription(symbols));
        Assert.True(messages.Count > 1);
        int args = 0;
        foreach (string m in messages)
        {
            Assert.True(Encoding.UTF8.GetByteCount(m) <= OkxProtocol.MaxSubscribeMessageBytes);
            using var doc = JsonDocument.Parse(m);
            args += doc.RootElement.GetProperty("args").GetArrayLength();
        }
        Assert.Equal(1 + 300 * 6, args); // liquidations once; trades, bbo-tbt, funding-rate, mark-price, open-interest, books5 per symbol
    }

    [Fact]
    public void Okx_pings_with_text_every_25_seconds_and_pong_is_text()
    {
        var p = new OkxProtocol(OkxInstruments.BuiltIn);
        Assert.Equal("ping", p.PingMessage);
        Assert.Equal(TimeSpan.FromSeconds(25), p.PingInterval);
        Assert.True(p.IsPong("pong"u8));
        Assert.False(p.IsPong("ping"u8));
        Assert.False(p.IsPong("""{"event":"pong"}"""u8));
    }

    [Fact]
    public void Okx_rejects_symbols_that_have_no_linear_swap()
    {
        Assert.Throws<ArgumentException>(() => new OkxProtocol(OkxInstruments.BuiltIn).SubscribeMessages(new FeedSubscription(["BTCUSD"])));
    }

    [Fact]
    public void Registry_gives_each_venue_its_protocol_and_endpoint()
    {
        var all = VenueProtocols.All();
        Assert.Equal([Exchange.Binance, Exchange.Bybit, Exchange.Okx], all.Select(p => p.Exchange));
        foreach (var exchange in new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx })
        {
            var p = VenueProtocols.For(exchange);
            Assert.Equal(exchange, p.Exchange);
            Assert.Equal(exchange, p.CreateDecoder(new SymbolTable(), 1).Exchange);
            Assert.Equal("wss", VenueProtocols.DefaultEndpoint(exchange).Scheme);
        }
        Assert.Equal(new Uri("wss://ws.okx.com:8443/ws/v5/public"), VenueProtocols.DefaultEndpoint(Exchange.Okx));
    }
}
