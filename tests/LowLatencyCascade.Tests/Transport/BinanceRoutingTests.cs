using Microsoft.Extensions.Time.Testing;
using System.Net.WebSockets;
using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Feeds.Transport;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>
/// Binance as it routes today (Important WebSocket Change Notice, checked 2026-12-05): book data only on <c>/public</c>,
/// the rest only on <c>/market</c>, the retired <c>/stream</c> and <c>/ws</c> paths handshake and send nothing; and the
/// stale-stream watchdog that catches a connection which is open but whose always-ticking streams deliver nothing.
/// </summary>
public sealed class BinanceRoutingTests
{
    private const string Trade = """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1700000000000,"s":"BTCUSDT","a":1,"p":"42000.5","q":"0.010","f":1,"l":1,"T":1700000000000,"m":false}}""";
    private const string Book = """{"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"s":"BTCUSDT","b":"41999.9","B":"3.1","a":"42000.1","A":"2.4","T":1700000000000,"E":1700000000001}}""";

    [Fact]
    public async Task Each_route_delivers_only_its_own_streams_and_the_retired_paths_deliver_nothing()
    {
        await using var server = new VenueWebSocketServer();
        await server.StartAsync(TestContext.Current.CancellationToken);
        string root = $"ws://127.0.0.1:{server.Port}";
        using var market = await OpenAsync($"{root}/market/stream?streams=btcusdt@aggTrade/btcusdt@bookTicker");
        using var publicRoute = await OpenAsync($"{root}/public/stream?streams=btcusdt@aggTrade/btcusdt@bookTicker");
        using var rawMarket = await OpenAsync($"{root}/market/ws/btcusdt@aggTrade");
        using var retiredCombined = await OpenAsync($"{root}/stream?streams=btcusdt@aggTrade/btcusdt@bookTicker");
        using var retiredRaw = await OpenAsync($"{root}/ws/btcusdt@aggTrade");
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await server.WaitUntilAsync(s => s.ConnectedClients == 5, wait.Token);
        Assert.Equal(2, server.BinanceRetiredPathConnections);

        // The router sees only the subscriptions each route serves: a stream asked of the wrong route is dropped.
        var subscriptions = server.Subscriptions(Exchange.Binance).Select(t => string.Join(',', t)).Order().ToArray();
        Assert.Equal(["", "", "btcusdt@aggTrade", "btcusdt@aggTrade", "btcusdt@bookTicker"], subscriptions);

        var source = new InMemoryVenueFrameSource();
        source.Add(Exchange.Binance, Trade, DateTime.UtcNow);
        source.Add(Exchange.Binance, Book, DateTime.UtcNow);
        var report = await server.PlayAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, report.Deliveries); // trade: /market combined and /market ws; book: /public only

        Assert.Equal(Trade, await ReceiveAsync(market));
        Assert.Equal(Book, await ReceiveAsync(publicRoute));
        // ws mode: the payload without the combined-stream wrapper, as Binance sends it.
        string raw = await ReceiveAsync(rawMarket);
        Assert.StartsWith("""{"e":"aggTrade","E":1700000000000""", raw);
        Assert.EndsWith("\"m\":false}", raw);

        // A SUBSCRIBE on a retired path gets no answer either; the client there has received nothing at all.
        await retiredCombined.SendAsync(Encoding.UTF8.GetBytes("""{"method":"SUBSCRIBE","params":["btcusdt@aggTrade"],"id":7}"""), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await server.WaitUntilAsync(s => s.ClientMessages(Exchange.Binance).Count == 1, wait.Token);
        Assert.Equal(2, await server.InjectAsync(Exchange.Binance, Trade, TestContext.Current.CancellationToken)); // queued to /market combined and ws only
        Assert.Equal(Trade, await ReceiveAsync(market));
        Assert.Equal(0, server.ControlFramesSent); // the retired paths got no answer
    }

    [Fact]
    public async Task A_connection_whose_steady_streams_deliver_nothing_turns_red_is_remade_and_counted_but_a_liquidation_only_one_is_left_alone()
    {
        await using var h = await FeedHarness.StartAsync();
        var stale = TimeSpan.FromMilliseconds(300);
        // Mark price every second is a steady stream: the server plays nothing, so the socket is open but dead.
        var steady = h.Options(Exchange.Binance, 1) is var o1
            ? new FeedConnectionOptions { Endpoint = o1.Endpoint, Subscription = new FeedSubscription(["BTCUSDT"], Liquidations: false, Trades: false, BookTicker: false),
                ConnectionId = 1, Name = "binance-market-1", ConnectTimeout = o1.ConnectTimeout, SilenceTimeout = o1.SilenceTimeout,
                StaleStreamTimeout = stale, ReconnectMin = o1.ReconnectMin, ReconnectMax = o1.ReconnectMax }
            : throw new InvalidOperationException();
        // The all-market liquidation stream alone can be quiet for minutes: never judged by the watchdog.
        var liquidationsOnly = new FeedConnectionOptions { Endpoint = o1.Endpoint, Subscription = new FeedSubscription([], Trades: false, BookTicker: false, MarkPrice: false),
            ConnectionId = 2, Name = "binance-market-2", ConnectTimeout = o1.ConnectTimeout, SilenceTimeout = o1.SilenceTimeout,
            StaleStreamTimeout = stale, ReconnectMin = o1.ReconnectMin, ReconnectMax = o1.ReconnectMax };
        var symbols = new SymbolTable();
        var protocol = new BinanceProtocol(BinanceRoute.Market);
        Assert.True(protocol.HasSteadyStreams(steady.Subscription));
        Assert.False(protocol.HasSteadyStreams(liquidationsOnly.Subscription));

        var quiet = h.Connect(liquidationsOnly, protocol, protocol.CreateDecoder(symbols, 2), new RecordingSink());
        await quiet.StartAsync(TestContext.Current.CancellationToken);
        var dead = h.Connect(steady, protocol, protocol.CreateDecoder(symbols, 1));
        await dead.StartAsync(TestContext.Current.CancellationToken);

        // Condition, not deadline: the dead connection is re-made twice for stale streams.
        await Eventually.HoldsAsync(() => dead.Health.StaleStreamResets >= 2, TimeSpan.FromSeconds(60), "two stale-stream resets");
        Assert.Contains(DisconnectReason.StreamsStale, h.DisconnectReasons);
        Assert.DoesNotContain(h.DisconnectReasons, r => r is DisconnectReason.Silence);
        Assert.Equal(0, quiet.Health.Drops);
        Assert.Equal(0, quiet.Health.StaleStreamResets);
        Assert.True(quiet.IsConnected);
        Assert.NotEqual(HealthCause.StreamsStale, quiet.Health.Snapshot().Cause);

        // Once mark prices flow, the connection stays and its health leaves the stale state.
        var markPrice = """{"stream":"btcusdt@markPrice@1s","data":{"e":"markPriceUpdate","E":1700000000000,"s":"BTCUSDT","p":"42000.1","i":"42001.0","P":"42010.0","r":"0.00010000","T":1700006400000}}""";
        long resets = dead.Health.StaleStreamResets;
        await Eventually.HoldsAsync(() => dead.IsConnected, TimeSpan.FromSeconds(60), "reconnected");
        await h.Server.InjectAsync(Exchange.Binance, markPrice, TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => h.Sink.Count(EventKind.MarkPrice) > 0, TimeSpan.FromSeconds(60), "a mark price decoded");
        Assert.InRange(dead.Health.StaleStreamResets, resets, resets + 1); // at most the reset that raced the injection
    }

    [Fact]
    public async Task Two_hundred_long_symbol_names_subscribe_every_stream_through_the_url_and_SUBSCRIBE_requests()
    {
        // 200 symbols of 18 characters: the market route's combined-stream URL would be about 12 KiB, over the 8 KiB
        // request line the venue server (Kestrel) accepts (it answered 414). The URL carries what fits, the rest go in
        // SUBSCRIBE requests on the same connection.
        var names = Enumerable.Range(0, 200).Select(i => $"LONGNAMEDCOIN{i:D3}USDT").ToArray();
        var subscription = new FeedSubscription(names);
        await using var h = await FeedHarness.StartAsync();
        var symbols = new SymbolTable();
        var connections = new List<FeedConnection>();
        int id = 1;
        foreach (var protocol in BinanceProtocol.ForSubscription(subscription))
        {
            var o = h.Options(Exchange.Binance, id);
            var options = new FeedConnectionOptions { Endpoint = o.Endpoint, Subscription = subscription, ConnectionId = id,
                Name = $"binance-{protocol.Route.ToString().ToLowerInvariant()}-1", ConnectTimeout = o.ConnectTimeout,
                SilenceTimeout = o.SilenceTimeout, ReconnectMin = o.ReconnectMin, ReconnectMax = o.ReconnectMax };
            var connection = h.Connect(options, protocol, protocol.CreateDecoder(symbols, id));
            await connection.StartAsync(TestContext.Current.CancellationToken);
            connections.Add(connection);
            id++;
        }
        var expected = BinanceProtocol.StreamNames(subscription).Order().ToArray();
        Assert.Equal(801, expected.Length); // the all-market liquidations, 4 streams per symbol (trades, book ticker, mark price, depth)
        await h.WaitForServerAsync(s => s.Subscriptions(Exchange.Binance).Sum(t => t.Count) == expected.Length, TimeSpan.FromSeconds(60));
        Assert.Equal(expected, h.Server.Subscriptions(Exchange.Binance).SelectMany(t => t).Order().ToArray());
        Assert.All(connections, c => Assert.True(c.IsConnected));
        Assert.DoesNotContain(DisconnectReason.ConnectFailed, h.DisconnectReasons);

        // Every stream is delivered: a trade of the last symbol (subscribed by request, not in the URL) arrives.
        string trade = Trade.Replace("btcusdt", "longnamedcoin199usdt").Replace("BTCUSDT", "LONGNAMEDCOIN199USDT");
        await h.Server.InjectAsync(Exchange.Binance, trade, TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => h.Sink.Count(EventKind.Trade) > 0, TimeSpan.FromSeconds(60), "the trade decoded");
    }

    [Fact]
    public void Health_turns_yellow_after_a_third_of_the_stale_threshold_and_red_after_all_of_it()
    {
        var clock = new FakeTimeProvider();
        var health = new ConnectionHealth(1, "binance-public-1",
            new HealthThresholds { StaleStreamThreshold = TimeSpan.FromSeconds(15), MinMessageRate = 0, MinUptimeRatio = 0 }, clock);
        health.OnConnected(clock.GetTimestamp());
        Assert.Equal(HealthStatus.Green, health.Status);
        clock.Advance(TimeSpan.FromSeconds(6));
        health.OnMessage(clock.GetTimestamp()); // an ack: a frame, but not a market event
        Assert.Equal((HealthStatus.Yellow, HealthCause.StreamsStale), health.Evaluate(clock.GetTimestamp()));
        clock.Advance(TimeSpan.FromSeconds(10));
        health.OnMessage(clock.GetTimestamp());
        Assert.Equal((HealthStatus.Red, HealthCause.StreamsStale), health.Evaluate(clock.GetTimestamp()));
        health.OnMarketEvent(clock.GetTimestamp());
        Assert.Equal((HealthStatus.Green, HealthCause.None), health.Evaluate(clock.GetTimestamp()));
    }

    private static async Task<ClientWebSocket> OpenAsync(string url)
    {
        var socket = new ClientWebSocket();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri(url), cts.Token);
        return socket;
    }

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int n = 0;
        while (true)
        {
            var r = await socket.ReceiveAsync(buffer.AsMemory(n), cts.Token);
            n += r.Count;
            if (r.EndOfMessage) return Encoding.UTF8.GetString(buffer, 0, n);
        }
    }
}
