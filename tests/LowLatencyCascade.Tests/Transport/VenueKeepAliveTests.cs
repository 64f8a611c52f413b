using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Feeds.Transport;
using Xunit;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>Each venue's keep-alive and subscription rules, client against the server that speaks them.</summary>
public class VenueKeepAliveTests
{
    [Fact]
    public async Task Bybit_pings_are_answered_with_pongs_that_are_not_counted_as_data()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit);
        var watcher = new FrameWatcher("\"ret_msg\":\"pong\"");
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(TimeSpan.FromMilliseconds(20), "tickers.BTCUSDT"), decoder);
        connection.FrameObserver = watcher;
        await connection.StartAsync(TestContext.Current.CancellationToken);

        await watcher.Matching.WaitForAsync(3, "pongs");
        await connection.StopAsync();

        Assert.True(h.Server.PingsReceived(Exchange.Bybit) >= 3);
        Assert.Contains(h.Server.ClientMessages(Exchange.Bybit), m => m == "{\"op\":\"ping\"}");
        Assert.Equal(watcher.Matching.Count, connection.Tally.Pongs);
        Assert.Equal(1, decoder.Frames.Count);              // only the subscribe ack reached the decoder
        Assert.Equal(1, connection.Health.Messages);        // and only it counts as a message
        Assert.Equal(connection.Tally.Frames, watcher.All.Count);
    }

    [Fact]
    public async Task Okx_pings_keep_the_connection_past_the_servers_idle_limit()
    {
        // The client pings ten times per idle limit and never sends two pings closer than its interval, so the
        // server's ping count bounds from below how long the connection has lived: 31 pings on one connection
        // prove it outlived three idle limits on pings alone. The test waits for that count, not for a deadline.
        var idle = TimeSpan.FromMilliseconds(300);
        const int PingsPerIdleLimit = 10, PingsPastThreeIdleLimits = 3 * PingsPerIdleLimit + 1;
        await using var h = await FeedHarness.StartAsync(new VenueServerOptions { OkxIdleTimeout = idle });
        var decoder = new ProbeDecoder(Exchange.Okx);
        var watcher = new FrameWatcher("pong");
        var connection = h.Connect(h.Options(Exchange.Okx), TestVenueProtocol.Okx(idle / PingsPerIdleLimit, ("trades", "BTC-USDT-SWAP")), decoder);
        connection.FrameObserver = watcher;
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        string State() => $"pings at the server {h.Server.PingsReceived(Exchange.Okx)}, connections accepted {h.Server.ConnectionsAccepted}, " +
            $"disconnects [{string.Join(", ", h.DisconnectReasons)}], subscribes {h.Server.SubscribeRequests(Exchange.Okx)}, pongs {watcher.Matching.Count}, " +
            $"longest time between pongs {watcher.LongestGap.TotalMilliseconds:0} ms";
        try
        {
            await h.WaitForServerAsync(s => s.PingsReceived(Exchange.Okx) >= PingsPastThreeIdleLimits, TimeSpan.FromSeconds(60));
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{PingsPastThreeIdleLimits} pings did not reach the server within 60 s: {State()}");
        }
        // Pings were all the server heard for three idle limits, and it never closed the connection.
        Assert.True(h.Server.ConnectionsAccepted == 1 && h.Disconnects.Count == 0 && h.Reconnects.Count == 0, State());
        Assert.Equal(1, h.Server.SubscribeRequests(Exchange.Okx));

        // And data still flows on that first connection.
        var source = new InMemoryVenueFrameSource();
        var t0 = DateTime.UtcNow;
        for (int i = 0; i < 18; i++)
            source.Add(Exchange.Okx, $"{{\"arg\":{{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"}},\"ts\":{i + 1},\"p\":{i},\"data\":[{{}}]}}", t0);
        var report = await h.Server.PlayAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(19, "decoded frames (ack + 18 trades)");

        Assert.Equal(18, report.Deliveries);
        Assert.Equal(Enumerable.Range(0, 18).Select(i => (double)i), h.Sink.Prices());
        Assert.True(h.Server.ConnectionsAccepted == 1 && h.Disconnects.Count == 0 && h.Reconnects.Count == 0, State());
        await watcher.Matching.WaitForAsync(PingsPastThreeIdleLimits, "pongs, one per ping the server received");
        await connection.StopAsync();
        Assert.Equal(watcher.Matching.Count, connection.Tally.Pongs);
        Assert.Contains(h.Server.ClientMessages(Exchange.Okx), m => m == "ping");
    }

    [Fact]
    public async Task Okx_closes_a_connection_that_sends_nothing_and_the_client_reconnects()
    {
        await using var h = await FeedHarness.StartAsync(new VenueServerOptions { OkxIdleTimeout = TimeSpan.FromMilliseconds(150) });
        var connection = h.Connect(h.Options(Exchange.Okx), TestVenueProtocol.Okx(TimeSpan.FromMinutes(5), ("trades", "BTC-USDT-SWAP")), new ProbeDecoder(Exchange.Okx));
        await connection.StartAsync(TestContext.Current.CancellationToken);

        await h.Disconnects.WaitForAsync(1, "disconnects");
        Assert.Equal(DisconnectReason.ServerClosed, Assert.Single(h.DisconnectReasons));
        await h.Connects.WaitForAsync(2, "connects");
        await h.WaitForServerAsync(s => s.SubscribeRequests(Exchange.Okx) >= 2);
    }

    [Fact]
    public async Task Okx_subscribe_is_acknowledged_once_per_arg_and_only_subscribed_channels_are_played()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Okx) { KeepFrames = true };
        var connection = h.Connect(h.Options(Exchange.Okx), TestVenueProtocol.Okx(TimeSpan.FromMinutes(5),
            ("trades", "BTC-USDT-SWAP"), ("tickers", "BTC-USDT-SWAP")), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(2, "subscribe acks");

        var acks = decoder.Kept.Select(f => System.Text.Encoding.UTF8.GetString(f)).ToArray();
        Assert.StartsWith("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"},\"connId\":\"", acks[0]);
        Assert.Contains("\"channel\":\"tickers\"", acks[1]);

        var source = new InMemoryVenueFrameSource();
        var t0 = DateTime.UtcNow;
        source.Add(Exchange.Okx, "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"},\"p\":1,\"data\":[{}]}", t0);
        source.Add(Exchange.Okx, "{\"arg\":{\"channel\":\"trades\",\"instId\":\"ETH-USDT-SWAP\"},\"p\":2,\"data\":[{}]}", t0);
        source.Add(Exchange.Okx, "{\"arg\":{\"channel\":\"funding-rate\",\"instId\":\"BTC-USDT-SWAP\"},\"p\":3,\"data\":[{}]}", t0);
        source.Add(Exchange.Okx, "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT-SWAP\"},\"p\":4,\"data\":[{}]}", t0);
        source.Add(Exchange.Bybit, "{\"topic\":\"tickers.BTCUSDT\",\"p\":5,\"data\":{}}", t0);
        var report = await h.Server.PlayAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(4, "decoded frames");

        Assert.Equal(new PlaybackReport(5, 2, 3), report);
        Assert.Equal([1.0, 4.0], h.Sink.Prices());
    }

    [Fact]
    public async Task Binance_streams_come_from_the_url_and_server_pings_are_answered_so_the_connection_stays()
    {
        // The server pings every 100 ms and drops a client that has not answered within 2 s. The pong timeout is far
        // above the stalls of a loaded 2-core test machine (at 400 ms a stalled receive loop could miss it by chance);
        // the playback below lasts more than twice as long, so many pings had to be answered.
        await using var h = await FeedHarness.StartAsync(new VenueServerOptions
        {
            BinancePingInterval = TimeSpan.FromMilliseconds(100),
            BinancePongTimeout = TimeSpan.FromSeconds(2),
        });
        var decoder = new ProbeDecoder(Exchange.Binance);
        var connection = h.Connect(h.Options(Exchange.Binance), TestVenueProtocol.Binance("btcusdt@aggTrade", "!forceOrder@arr"), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await h.Connects.WaitForAsync(1, "connects");
        // The client's handshake can complete before the server has registered the session: wait for the server's side.
        await h.WaitForServerAsync(s => s.ConnectionsAccepted == 1);
        Assert.Equal(["btcusdt@aggTrade", "!forceOrder@arr"], Assert.Single(h.Server.Subscriptions(Exchange.Binance)));

        var source = new InMemoryVenueFrameSource();
        var t0 = DateTime.UtcNow;
        for (int i = 0; i < 20; i++)
        {
            string stream = i % 3 == 0 ? "ethusdt@aggTrade" : i % 2 == 0 ? "!forceOrder@arr" : "btcusdt@aggTrade";
            source.Add(Exchange.Binance, $"{{\"stream\":\"{stream}\",\"p\":{i},\"data\":{{\"e\":\"x\"}}}}", t0.AddMilliseconds(250 * i));
        }
        var report = await h.Server.PlayAsync(source, speed: 1, cancellationToken: TestContext.Current.CancellationToken); // at least 4.75 s: many ping rounds, over twice the pong timeout
        await decoder.Frames.WaitForAsync(report.Deliveries, "decoded frames");

        var subscribed = Enumerable.Range(0, 20).Where(i => i % 3 != 0).Select(i => (double)i).ToArray(); // ethusdt (i % 3 == 0) was not subscribed
        Assert.Equal(subscribed.Length, report.Deliveries);
        Assert.Equal(subscribed, h.Sink.Prices());
        Assert.Equal(0, h.Disconnects.Count);
        Assert.Equal(1, h.Server.ConnectionsAccepted);
        Assert.True(connection.IsConnected);
    }
}
