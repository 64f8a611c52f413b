using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Serving;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

public class FrameAccountingTests
{
    private const string Topic = "publicTrade.BTCUSDT";

    [Fact]
    public async Task Every_frame_the_server_sent_is_accounted_for_as_events_control_or_rejected()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit);
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(TimeSpan.FromMilliseconds(50), Topic), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        var source = new InMemoryVenueFrameSource();
        var t0 = DateTime.UtcNow;
        var random = new Random(5);
        int kinds = 0;
        for (int i = 0; i < 600; i++)
        {
            string frame = random.Next(6) switch
            {
                0 => "{\"topic\":\"" + Topic + "\",\"data\":[",                      // malformed
                1 => "{\"topic\":\"" + Topic + "\",\"hello\":1}",                   // unknown message
                2 => "{\"topic\":\"tickers.ETHUSDT\",\"p\":1,\"data\":{}}",         // not subscribed: not sent
                3 => "{\"success\":true,\"ret_msg\":\"\",\"op\":\"subscribe\"}",    // control (unidentified: sent)
                _ => FeedHarness.BybitTrade(Topic, 1_700_000_000_000 + i, i),
            };
            kinds++;
            source.Add(Exchange.Bybit, frame, t0.AddMilliseconds(i));
        }
        var report = await h.Server.PlayAsync(source, cancellationToken: TestContext.Current.CancellationToken);
        await h.WaitForServerAsync(s => s.DataFramesSent == report.Deliveries);
        await connection.StopAsync();

        var tally = connection.Tally;
        Assert.Equal(600, kinds);
        Assert.True(report.Undelivered > 50, $"{report.Undelivered} frames of an unsubscribed topic");
        Assert.Equal(h.Server.FramesSent, tally.Frames);
        Assert.True(tally.Frames >= report.Deliveries + 1); // the played frames, the subscribe ack, the pongs
        Assert.Equal(tally.Frames, tally.EventFrames + tally.ControlFrames + tally.RejectedFrames);
        Assert.Equal(tally.Events, h.Sink.Count(EventKind.Trade));
        Assert.Equal(tally.RejectedFrames, h.Sink.Count(EventKind.Rejected));
        Assert.Equal(tally.Rejected(RejectReason.MalformedJson), h.Sink.Rejected(RejectReason.MalformedJson));
        Assert.Equal(tally.Rejected(RejectReason.UnknownMessage), h.Sink.Rejected(RejectReason.UnknownMessage));
        Assert.True(tally.Rejected(RejectReason.MalformedJson) > 50);
        Assert.True(tally.Rejected(RejectReason.UnknownMessage) > 50);
    }

    [Fact]
    public async Task Health_is_green_while_data_flows_and_red_once_the_connection_drops()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit);
        // Latency limits far above what a loaded test machine adds: this test is about the connection state (the limits have their own tests).
        var relaxed = new HealthThresholds { LatencyWarningMs = 60_000, LatencyCriticalMs = 120_000 };
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(TimeSpan.FromMinutes(5), Topic), decoder, health: relaxed);
        HealthSnapshot? atDrop = null;
        var dropped = new CountSignal();
        connection.Disconnected += (c, _, _) => { atDrop ??= c.Health.Snapshot(); dropped.Add(); }; // before the reconnect a few ms later
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (int i = 0; i < 20; i++) await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.BybitTrade(Topic, now - 5, i), TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(21, "decoded frames");

        var green = connection.Health.Snapshot();
        Assert.True(green.Status == HealthStatus.Green, green.ToString());
        Assert.True(green.Connected);
        Assert.Equal(20, green.LatencySamples);
        Assert.InRange(green.AverageLatencyMs, 5, relaxed.LatencyWarningMs);
        Assert.True(green.MessagesPerSecond >= 1);

        h.Server.DropAllConnections();
        await dropped.WaitForAsync(1, "disconnects");
        var red = Assert.IsType<HealthSnapshot>(atDrop);
        Assert.Equal(HealthStatus.Red, red.Status);
        Assert.Equal(HealthCause.Disconnected, red.Cause);
        Assert.Equal(1, red.Drops);
    }

    [Fact]
    public async Task Exchange_latency_above_the_critical_threshold_turns_the_connection_red()
    {
        await using var h = await FeedHarness.StartAsync();
        var decoder = new ProbeDecoder(Exchange.Bybit);
        var connection = h.Connect(h.Options(Exchange.Bybit), TestVenueProtocol.Bybit(TimeSpan.FromMinutes(5), Topic), decoder);
        await connection.StartAsync(TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(1, "subscribe ack");

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (int i = 0; i < 10; i++) await h.Server.InjectAsync(Exchange.Bybit, FeedHarness.BybitTrade(Topic, now - 2_000, i), TestContext.Current.CancellationToken);
        await decoder.Frames.WaitForAsync(11, "decoded frames");

        var snapshot = connection.Health.Snapshot();
        Assert.Equal(HealthStatus.Red, snapshot.Status);
        Assert.Equal(HealthCause.LatencyCritical, snapshot.Cause);
        Assert.True(snapshot.AverageLatencyMs >= 2_000);
    }
}
