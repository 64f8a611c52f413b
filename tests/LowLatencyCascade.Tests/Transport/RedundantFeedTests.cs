using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Feeds.Transport;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

public class RedundantFeedTests
{
    private const string Topic = "publicTrade.BTCUSDT";

    private static InMemoryVenueFrameSource Trades(int from, int count)
    {
        var source = new InMemoryVenueFrameSource();
        var t0 = DateTime.UtcNow;
        long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (int i = from; i < from + count; i++) source.Add(Exchange.Bybit, FeedHarness.BybitTrade(Topic, nowMs, i), t0);
        return source;
    }

    [Fact]
    public async Task Identical_streams_are_deduplicated_and_the_survivor_carries_on_alone_when_one_leg_drops()
    {
        await using var h = await FeedHarness.StartAsync();
        var a = h.Options(Exchange.Bybit, 1);
        // A dropped leg stays down for the rest of the test (StopAsync cancels its wait).
        FeedConnectionOptions Leg(int id) => new()
        {
            Endpoint = a.Endpoint, Subscription = a.Subscription, ConnectionId = id, Name = $"bybit-{id}",
            ReconnectMin = TimeSpan.FromSeconds(30), ReconnectMax = TimeSpan.FromSeconds(30),
        };
        await using var feed = new RedundantFeed(Leg(1), Leg(2), TestVenueProtocol.Bybit(TimeSpan.FromMinutes(5), Topic), SymbolTable.Of("BTCUSDT"), h.Sink);
        var connects = new CountSignal();
        var drops = new CountSignal();
        FeedConnection? dropped = null;
        foreach (var leg in new[] { feed.First, feed.Second })
        {
            leg.Connected += _ => connects.Add();
            leg.Disconnected += (c, _, _) => { dropped ??= c; drops.Add(); };
        }
        await feed.StartAsync(TestContext.Current.CancellationToken);
        await h.WaitForServerAsync(s => s.SubscribeRequests(Exchange.Bybit) == 2);

        var report = await h.Server.PlayAsync(Trades(0, 200), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(400, report.Deliveries);
        await h.Sink.Slots.WaitForAsync(400, "slots (200 trades, 200 duplicates)");
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (double)i), h.Sink.Prices().Order());
        Assert.Equal(200, h.Sink.Rejected(RejectReason.Duplicate));
        Assert.Equal(200, feed.DuplicateFrames);

        Assert.Equal(1, h.Server.DropConnections(Exchange.Bybit, 1));
        await drops.WaitForAsync(1, "dropped legs");
        await h.WaitForServerAsync(s => s.ConnectedClients == 1);
        var survivor = dropped == feed.First ? feed.Second : feed.First;
        Assert.Same(survivor, feed.Primary);

        report = await h.Server.PlayAsync(Trades(200, 100), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(100, report.Deliveries);
        await h.Sink.Slots.WaitForAsync(500, "slots");
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (double)i), h.Sink.Prices().Order());
        Assert.Equal(0, h.Sink.Count(EventKind.Gap)); // one leg up: no gap downstream

        h.Server.DropAllConnections();
        await h.Sink.Gaps.WaitForAsync(1, "gap once both legs are down");
        Assert.Equal(1, h.Sink.Count(EventKind.Gap));
    }

    [Fact]
    public async Task Stopping_on_purpose_publishes_no_gap()
    {
        await using var h = await FeedHarness.StartAsync();
        var a = h.Options(Exchange.Bybit, 1);
        FeedConnectionOptions Leg(int id) => new() { Endpoint = a.Endpoint, Subscription = a.Subscription, ConnectionId = id, Name = $"bybit-{id}" };
        await using var feed = new RedundantFeed(Leg(1), Leg(2), TestVenueProtocol.Bybit(TimeSpan.FromMinutes(5), Topic), SymbolTable.Of("BTCUSDT"), h.Sink);
        var reasons = new System.Collections.Concurrent.ConcurrentQueue<DisconnectReason>();
        feed.First.Disconnected += (_, reason, _) => reasons.Enqueue(reason);
        feed.Second.Disconnected += (_, reason, _) => reasons.Enqueue(reason);
        await feed.StartAsync(TestContext.Current.CancellationToken);
        await h.WaitForServerAsync(s => s.SubscribeRequests(Exchange.Bybit) == 2);
        await h.Server.PlayAsync(Trades(0, 10), cancellationToken: TestContext.Current.CancellationToken);
        await h.Sink.Slots.WaitForAsync(20, "slots (10 trades, 10 duplicates)");

        await feed.StopAsync();

        Assert.Equal([DisconnectReason.Stopped, DisconnectReason.Stopped], reasons.ToArray());
        Assert.Equal(0, h.Sink.Count(EventKind.Gap));
    }
}
