using System.Net.WebSockets;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Feeds.Transport;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

public class FeedConnectionTests
{
    private const string Topic = "publicTrade.BTCUSDT";
    private static readonly TimeSpan NoPing = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Reconnects_after_the_server_drops_the_connection_and_subscribes_again()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit);
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(NoPing, Topic), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await h.WaitForServerAsync(s => s.SubscribeRequests(Exchange.Bybit) == 1);

        Assert.Equal(1, h.Server.DropAllConnections());

        await h.Disconnects.WaitForAsync(1, "disconnects");
        await h.Reconnects.WaitForAsync(1, "reconnect attempts");
        await h.Connects.WaitForAsync(2, "connects");
        // The dropped session leaves the server's list a moment after the client has seen the drop.
        await h.WaitForServerAsync(s => s.SubscribeRequests(Exchange.Bybit) == 2 && s.ConnectedClients == 1);
        var subscribes = h.Server.ClientMessages(Exchange.Bybit);
        Assert.Equal(2, subscribes.Count);
        Assert.All(subscribes, m => Assert.Contains(Topic, m));
        Assert.Equal([Topic], Assert.Single(h.Server.Subscriptions(Exchange.Bybit)));
        Assert.Equal(DisconnectReason.Error, Assert.Single(h.DisconnectReasons));
        await h.Sink.Gaps.WaitForAsync(1, "gap slots");
        Assert.Equal(1, connection.Health.Drops);
        Assert.Equal(1, connection.Health.ReconnectAttempts);

        // Data flows on the new connection.
        await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.BybitTrade(Topic, 1, 42.5), TestContext.Current.CancellationToken);
        await h.Sink.Slots.WaitForAsync(2, "slots (gap + trade)");
        Assert.Equal([42.5], h.Sink.Prices());
    }

    [Fact]
    public async Task A_silent_stream_is_dropped_after_the_silence_timeout_and_reconnected()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit);
        var options = h.Options(Exchange.Bybit);
        var connection = h.Connect(new FeedConnectionOptions
        {
            Endpoint = options.Endpoint, Subscription = options.Subscription, ConnectionId = 1, Name = "silent",
            SilenceTimeout = TimeSpan.FromMilliseconds(300),
            ReconnectMin = options.ReconnectMin, ReconnectMax = options.ReconnectMax,
        }, TestVenueProtocol.Bybit(NoPing, Topic), decoder);
        HealthStatus? statusAtDrop = null;
        var dropped = new CountSignal();
        connection.Disconnected += (c, _, _) => { statusAtDrop ??= c.Health.Status; dropped.Add(); }; // before the reconnect a few ms later

        h.Server.Silent = true; // the socket stays open, nothing is sent, not even the subscribe ack
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await dropped.WaitForAsync(1, "disconnects");
        // Every drop is for silence (the server is still silent: a reconnect 20-100 ms later can be dropped again
        // before this line runs on a loaded machine).
        Assert.Equal(DisconnectReason.Silence, h.DisconnectReasons.First());
        Assert.All(h.DisconnectReasons, r => Assert.Equal(DisconnectReason.Silence, r));
        Assert.Equal(HealthStatus.Red, statusAtDrop);

        h.Server.Silent = false;
        await h.Connects.WaitForAsync(2, "connects");
        await h.WaitForServerAsync(s => s.SubscribeRequests(Exchange.Bybit) >= 2);
        // The new connection has the same 300 ms silence timeout and the server sends nothing after the ack, so on a
        // loaded machine the trade can come too late for the connection it was sent to: send it until one is decoded.
        var deadline = DateTime.UtcNow + CountSignal.DefaultTimeout;
        while (!h.Sink.Prices().Contains(7.0) && DateTime.UtcNow < deadline)
        {
            await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.BybitTrade(Topic, 1, 7), TestContext.Current.CancellationToken);
            try { await h.Sink.Slots.WaitForAsync(h.Sink.Slots.Count + 1, "slots", TimeSpan.FromMilliseconds(200)); }
            catch (TimeoutException) { }
        }
        Assert.Contains(7.0, h.Sink.Prices());
        Assert.True(h.Server.FramesWithheld >= 1);
    }

    [Fact]
    public async Task A_fragmented_frame_is_reassembled_and_decoded_once_whole()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit) { KeepFrames = true };
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(NoPing, Topic), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        string frame = FeedHarness.BybitTrade(Topic, 1_700_000_000_000, 101.25) + new string(' ', 40_000); // spans several buffer growths
        h.Server.FragmentNextFrame(7);
        await h.Server.InjectAsync(Exchange.Bybit, frame, TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(2, "decoded frames");

        Assert.Equal(FeedHarness.Utf8(frame), decoder.Kept[1]);
        Assert.Equal([101.25], h.Sink.Prices());
        await connection.StopAsync();
        Assert.Equal(2, connection.Tally.Frames);
        Assert.Equal(1, connection.Tally.EventFrames);
    }

    [Fact]
    public async Task Malformed_json_is_rejected_by_the_decoder_and_the_connection_goes_on()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit);
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(NoPing, Topic), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        await h.Server.InjectAsync(Exchange.Bybit, "{\"topic\":\"" + Topic + "\",\"data\":[", TestContext.Current.CancellationToken);
        await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.BybitTrade(Topic, 1, 3), TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(3, "decoded frames");
        await connection.StopAsync();

        Assert.Equal(1, connection.Tally.Rejected(RejectReason.MalformedJson));
        Assert.Equal(1, h.Sink.Rejected(RejectReason.MalformedJson));
        Assert.Equal([3.0], h.Sink.Prices());
        Assert.Equal(DisconnectReason.Stopped, Assert.Single(h.DisconnectReasons));
        Assert.Equal(0, h.Sink.Count(EventKind.Gap));   // a stop on purpose opens no hole in the stream
    }

    [Fact]
    public async Task An_oversized_frame_is_drained_and_rejected_as_oversized_and_the_connection_goes_on()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit) { KeepFrames = true };
        var o = h.Options(Exchange.Bybit);
        var connection = h.Connect(new FeedConnectionOptions
        {
            Endpoint = o.Endpoint, Subscription = o.Subscription, ConnectionId = 3, Name = "small", MaxFrameBytes = 4096,
        }, TestVenueProtocol.Bybit(NoPing, Topic), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        string fits = FeedHarness.BybitTrade(Topic, 1, 1);
        fits += new string(' ', 4096 - fits.Length); // exactly the limit: accepted
        await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.BybitTrade(Topic, 1, 666) + new string(' ', 20_000), TestContext.Current.CancellationToken);
        await h.Server.InjectAsync(Exchange.Bybit, fits, TestContext.Current.CancellationToken);
        await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.BybitTrade(Topic, 2, 2), TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(3, "decoded frames");
        await connection.StopAsync();

        Assert.Equal(1, connection.Tally.Rejected(RejectReason.Oversized));
        Assert.Equal(1, h.Sink.Rejected(RejectReason.Oversized));
        Assert.Equal([1.0, 2.0], h.Sink.Prices());
        Assert.Equal(4, connection.Tally.Frames);
        Assert.DoesNotContain(decoder.Kept, f => f.Length > 4096);
        Assert.Equal(DisconnectReason.Stopped, Assert.Single(h.DisconnectReasons));
    }

    [Fact]
    public async Task Unknown_messages_reach_the_decoder_and_binary_frames_are_decoded_only_when_they_are_text()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit);
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(NoPing, Topic), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        await h.Server.InjectAsync(Exchange.Bybit, "{\"hello\":\"world\"}", TestContext.Current.CancellationToken);
        await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.Utf8(FeedHarness.BybitTrade(Topic, 1, 9)), WebSocketMessageType.Binary, TestContext.Current.CancellationToken);
        await h.Server.InjectAsync(Exchange.Bybit, new byte[] { 0xff, 0xfe, 0x00, 0x81 }, WebSocketMessageType.Binary, TestContext.Current.CancellationToken);
        await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.BybitTrade(Topic, 2, 10), TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(4, "decoded frames");
        await connection.StopAsync();

        Assert.Equal(2, connection.Tally.Rejected(RejectReason.UnknownMessage)); // the decoder's and the transport's
        Assert.Equal(2, h.Sink.Rejected(RejectReason.UnknownMessage));
        Assert.Equal([9.0, 10.0], h.Sink.Prices());
        Assert.Equal(5, connection.Tally.Frames);
    }

    [Fact]
    public async Task A_connection_is_retired_and_replaced_before_the_venues_maximum_lifetime()
    {
        await using var h = await FeedHarness.StartAsync();
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(NoPing, Topic).WithLifetime(TimeSpan.FromMilliseconds(400)), new ProbeDecoder(Exchange.Bybit));
        await connection.StartAsync(TestContext.Current.CancellationToken);

        await h.Connects.WaitForAsync(2, "connects");
        Assert.Equal(DisconnectReason.LifetimeExpired, h.DisconnectReasons.First());
        await h.WaitForServerAsync(s => s.SubscribeRequests(Exchange.Bybit) >= 2);
    }

    [Fact]
    public async Task The_server_refuses_clients_above_its_limit_and_the_refused_client_keeps_retrying()
    {
        await using var h = await FeedHarness.StartAsync(new VenueServerOptions { MaxClients = 1 });
        var first = h.Connect(h.Options(Exchange.Bybit, 1), TestVenueProtocol.Bybit(NoPing, Topic), new ProbeDecoder(Exchange.Bybit));
        await first.StartAsync(TestContext.Current.CancellationToken);
        await h.Connects.WaitForAsync(1, "connects");

        var second = h.Connect(h.Options(Exchange.Bybit, 2), TestVenueProtocol.Bybit(NoPing, Topic), new ProbeDecoder(Exchange.Bybit));
        await second.StartAsync(TestContext.Current.CancellationToken);
        await h.Reconnects.WaitForAsync(2, "reconnect attempts of the refused client");
        Assert.True(h.Server.ConnectionsRefused >= 2);
        Assert.All(h.DisconnectReasons, r => Assert.Equal(DisconnectReason.ConnectFailed, r));
        Assert.False(second.IsConnected);
        Assert.Equal(0, second.Health.Drops); // never up, so never dropped

        await first.StopAsync();
        await h.Connects.WaitForAsync(2, "connects");
        Assert.True(second.IsConnected);
    }
}
