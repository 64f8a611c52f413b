using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Live;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Tests.Publishing;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Live;

/// <summary>A live run (venues served over real WebSockets on 127.0.0.1) fans its signals out to a WebSocket client.</summary>
[Collection(LiveCollection.Name)]
public sealed class LiveFanOutTests(ScenarioMarket market) : IClassFixture<ScenarioMarket>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_live_run_with_the_fan_out_on_sends_its_signals_to_a_subscribed_client()
    {
        await using var served = await ServedMarket.StartAsync();
        var settings = served.Settings(market.Symbols);
        // A client queue no burst here can fill: a loaded machine must not turn this into a slow-client test.
        settings.WebSocket = new SignalWebSocketOptions { Port = RedisServerProcess.FreeLoopbackPort(), ClientQueueCapacity = 1 << 20 };
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<LiveSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var status = new StringWriter();
        var run = LiveRun.RunAsync(settings, new HostRunOptions { FanOut = true }, new LiveRunOptions { Warmup = false, Status = TextWriter.Synchronized(status) },
            started.SetResult, stop.Token);
        var session = await started.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        Uri endpoint = session.Host.SignalFanOutUri!;
        Assert.Contains($"cascade: signal fan-out on {endpoint}", status.ToString());
        using var client = await WebSocketTestClient.ConnectAsync(endpoint);
        await client.SubscribeAsync("[\"*\"]", "NONE");
        var received = new List<string>();
        var reading = Task.Run(async () =>
        {
            try { while (true) { string text = await client.ReceiveTextAsync(Timeout); lock (received) received.Add(text); } }
            catch (Exception) { } // closed at the end of the run
        }, TestContext.Current.CancellationToken);
        await session.Feeds.AllConnected.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 1, wait.Token);
        await served.Server.PlayAsync(new CaptureFrameSource([market.ScenarioDirectory]), speed: 0, cancellationToken: TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => { lock (received) return received.Count > 0; }, Timeout, "a signal reached the client");
        stop.Cancel();
        var result = await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await reading.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.True(result.SignalsByLevel.Sum() > 0);
        lock (received)
        {
            Assert.All(received, text => Assert.Contains(CascadeSignalEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(text)).Symbol, market.Symbols));
            var fanOut = Assert.Single(result.Sinks, s => s.Name == "websocket");
            // Live never waits: every signal was handed to the client or counted as dropped at the fan-out's queue.
            Assert.Equal(0, fanOut.Lost);
            Assert.Equal(fanOut.Delivered, received.Count);
            Assert.Equal(result.SignalsByLevel.Sum(), fanOut.Delivered + fanOut.DroppedQueueFull);
        }
    }
}
