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
        await connection.StartAsync();

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
        await using var h = await FeedHarness.StartAsync(new VenueServerOptions { OkxIdleTimeout = TimeSpan.FromMilliseconds(300) });
        var decoder = new ProbeDecoder(Exchange.Okx);
        var watcher = new FrameWatcher("pong");
        var connection = h.Connect(h.Options(Exchange.Okx), TestVenueProtocol.Okx(TimeSpan.FromMilliseconds(30), ("trades", "BTC-USDT-SWAP")), decoder);
        connection.FrameObserver = watcher;
        await connection.StartAsync();
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        // Played at recorded pace over 900 ms: three times the idle limit, so only the pings keep the socket open.
        var source = new InMemoryVenueFrameSource();
        var t0 = DateTime.UtcNow;
        for (int i = 0; i < 18; i++)
            source.Add(Exchange.Okx, $"{{\"arg\":{{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"}},\"ts\":{i + 1},\"p\":{i},\"data\":[{{}}]}}", t0.AddMilliseconds(50 * i));
        var report = await h.Server.PlayAsync(source, speed: 1);
        await decoder.Frames.WaitForAsync(19, "decoded frames");

        Assert.Equal(18, report.Deliveries);
        Assert.Equal(0, h.Disconnects.Count);
        Assert.Equal(1, h.Server.ConnectionsAccepted);
        await connection.StopAsync();
        Assert.True(watcher.Matching.Count >= 1, $"pongs seen {watcher.Matching.Count}, pings at the server {h.Server.PingsReceived(Exchange.Okx)}, control sent {h.Server.ControlFramesSent}, frames {watcher.All.Count}, tally pongs {connection.Tally.Pongs}");
        Assert.Equal(watcher.Matching.Count, connection.Tally.Pongs);
        Assert.Contains(h.Server.ClientMessages(Exchange.Okx), m => m == "ping");
        Assert.True(h.Server.PingsReceived(Exchange.Okx) >= 1);
    }

    [Fact]
    public async Task Okx_closes_a_connection_that_sends_nothing_and_the_client_reconnects()
    {
        await using var h = await FeedHarness.StartAsync(new VenueServerOptions { OkxIdleTimeout = TimeSpan.FromMilliseconds(150) });
        var connection = h.Connect(h.Options(Exchange.Okx), TestVenueProtocol.Okx(TimeSpan.FromMinutes(5), ("trades", "BTC-USDT-SWAP")), new ProbeDecoder(Exchange.Okx));
        await connection.StartAsync();

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
        await connection.StartAsync();
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
        var report = await h.Server.PlayAsync(source);
        await decoder.Frames.WaitForAsync(4, "decoded frames");

        Assert.Equal(new PlaybackReport(5, 2, 3), report);
        Assert.Equal([1.0, 4.0], h.Sink.Prices());
    }

    [Fact]
    public async Task Binance_streams_come_from_the_url_and_server_pings_are_answered_so_the_connection_stays()
    {
        // The server pings every 50 ms and drops a client that has not answered within 400 ms.
        await using var h = await FeedHarness.StartAsync(new VenueServerOptions
        {
            BinancePingInterval = TimeSpan.FromMilliseconds(50),
            BinancePongTimeout = TimeSpan.FromMilliseconds(400),
        });
        var decoder = new ProbeDecoder(Exchange.Binance);
        var connection = h.Connect(h.Options(Exchange.Binance), TestVenueProtocol.Binance("btcusdt@aggTrade", "!forceOrder@arr"), decoder);
        await connection.StartAsync();
        await h.Connects.WaitForAsync(1, "connects");
        Assert.Equal(["btcusdt@aggTrade", "!forceOrder@arr"], Assert.Single(h.Server.Subscriptions(Exchange.Binance)));

        var source = new InMemoryVenueFrameSource();
        var t0 = DateTime.UtcNow;
        for (int i = 0; i < 20; i++)
        {
            string stream = i % 3 == 0 ? "ethusdt@aggTrade" : i % 2 == 0 ? "!forceOrder@arr" : "btcusdt@aggTrade";
            source.Add(Exchange.Binance, $"{{\"stream\":\"{stream}\",\"p\":{i},\"data\":{{\"e\":\"x\"}}}}", t0.AddMilliseconds(50 * i));
        }
        var report = await h.Server.PlayAsync(source, speed: 1); // 950 ms: many ping rounds, over twice the pong timeout
        await decoder.Frames.WaitForAsync(report.Deliveries, "decoded frames");

        var subscribed = Enumerable.Range(0, 20).Where(i => i % 3 != 0).Select(i => (double)i).ToArray(); // ethusdt (i % 3 == 0) was not subscribed
        Assert.Equal(subscribed.Length, report.Deliveries);
        Assert.Equal(subscribed, h.Sink.Prices());
        Assert.Equal(0, h.Disconnects.Count);
        Assert.Equal(1, h.Server.ConnectionsAccepted);
        Assert.True(connection.IsConnected);
    }
}
