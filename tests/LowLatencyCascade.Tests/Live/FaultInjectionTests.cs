using LowLatencyCascade.Cli.Configuration;
using System.Net;
using System.Net.Sockets;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Live;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Monitoring;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Serving;
using Xunit;

namespace LowLatencyCascade.Tests.Live;

/// <summary>
/// A live run against the project's venue server while it inflicts every fault of <see cref="VenueFaultKind"/> in turn
/// (drops, a silent stream, malformed, truncated, binary and oversized frames, refused subscriptions, a stalled venue)
/// as the market plays: nothing crashes, every frame received is accounted for (events, control, or rejected with a
/// reason), the bad frames show by reason in the result and in <c>/metrics</c>, outages are measured, and after the
/// faults stop every connection receives market events again.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class FaultInjectionTests(ScenarioMarket market) : IClassFixture<ScenarioMarket>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_fault_kind_in_turn_crashes_nothing_loses_no_frame_and_every_connection_recovers()
    {
        await using var served = await ServedMarket.StartAsync();
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        var overrides = served.Overrides(market.Symbols);
        overrides["Dashboard:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        overrides["Feeds:StaleStreamTimeout"] = "00:00:02"; // a refused subscription leaves a connection with nothing: re-made
        var settings = SettingsLoader.Load(null, overrides);
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<LiveSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = LiveRun.RunAsync(settings, new HostRunOptions(), new LiveRunOptions { Warmup = false }, started.SetResult, stop.Token);
        var session = await started.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await session.Feeds.AllConnected.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 1, wait.Token);

        // The market plays over and over while the faults come, one kind after the other, each kind twice.
        using var playing = new CancellationTokenSource();
        var play = Task.Run(async () =>
        {
            while (!playing.IsCancellationRequested)
                await served.Server.PlayAsync(new CaptureFrameSource([market.ScenarioDirectory]), speed: 0, playing.Token);
        }, TestContext.Current.CancellationToken);
        var plan = VenueFaultPlan.Parse("all,for=500ms", seed: 7);
        var injector = new VenueFaultInjector(served.Server, plan);
        int kinds = Enum.GetValues<VenueFaultKind>().Length;
        for (int i = 0; i < 2 * kinds; i++)
        {
            // A fault needs a venue with clients: wait for one (they come back by themselves after a drop).
            await Eventually.HoldsAsync(() => injector.InjectNextAsync().GetAwaiter().GetResult(), Timeout, $"fault {i} injected");
            long received = session.Feeds.FramesReceived;
            await Eventually.HoldsAsync(() => session.Feeds.FramesReceived > received || i % kinds == (int)VenueFaultKind.Stall,
                Timeout, "frames flowing between faults");
        }
        Assert.All(Enum.GetValues<VenueFaultKind>(), k => Assert.Equal(2, injector.Injected(k)));

        // Recovery: once the faults stop, every connection is up again and, while the market goes on playing, every
        // one of them decodes market events again (a connection that came back half-subscribed would not).
        await Eventually.HoldsAsync(() => session.Feeds.Connections.All(c => c.IsConnected), Timeout, "every connection up again");
        var eventsBefore = session.Feeds.Connections.ToDictionary(c => c.Name, c => c.Tally.Events);
        try
        {
            await Eventually.HoldsAsync(() => session.Feeds.Connections.All(c => c.Tally.Events > eventsBefore[c.Name]), Timeout,
                "every connection decodes market events after the faults");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "; " + string.Join("; ", session.Feeds.Connections.Select(c =>
                $"{c.Name}: events {eventsBefore[c.Name]} -> {c.Tally.Events}, frames {c.Tally.Frames}, rejected {c.Tally.RejectedFrames}, " +
                $"control {c.Tally.ControlFrames}, connected {c.IsConnected}, refusals {c.SubscribeRefusals}")) + "; server topics: " +
                string.Join(" | ", new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx }.Select(x => x + "=" + string.Join("/", served.Server.Subscriptions(x).Select(t => t.Count)))), e);
        }
        playing.Cancel();
        try { await play; }
        catch (OperationCanceledException) { }

        using var http = new HttpClient { BaseAddress = session.Host.DashboardUri };
        await Eventually.HoldsAsync(() => session.Host.Pipeline.InFlight == 0, Timeout, "the ring drained");
        var metrics = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken));
        stop.Cancel();
        var result = await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        // Every frame received is counted once: events, control, or rejected with a reason; every slot reached the stages.
        Assert.Equal(result.FramesReceived, result.Frames.Frames);
        Assert.Equal(result.Frames.Frames, result.Frames.EventFrames + result.Frames.Control + result.Frames.Rejected);
        Assert.Equal(result.Frames.Events + result.Frames.Rejected + result.Gaps, result.Slots);
        // The bad frames that reached a client were rejected for their reason (the injected ones cannot be decoded).
        long badFrames = result.Frames.RejectedFor(RejectReason.MalformedJson) + result.Frames.RejectedFor(RejectReason.Oversized)
            + result.Frames.RejectedFor(RejectReason.UnknownMessage);
        Assert.True(badFrames >= 1, "no injected bad frame was rejected");
        Assert.True(result.Frames.RejectedFor(RejectReason.Oversized) >= 1 || result.Frames.RejectedFor(RejectReason.MalformedJson) >= 1);
        Assert.Equal(result.Frames.RejectedFor(RejectReason.MalformedJson),
            metrics.Find(CascadeMetrics.FramesRejected, new MetricLabel("reason", RejectReasons.Name(RejectReason.MalformedJson))) ?? 0);
        // Drops were seen, reconnected, measured, and published as gaps; the silenced stream was withheld.
        Assert.True(result.Connections.Sum(c => c.Drops) >= 2, "no drop counted");
        Assert.True(result.Connections.Sum(c => c.Outages) >= 2, "no outage measured");
        Assert.All(result.Connections.Where(c => c.Outages > 0), c => Assert.True(c.OutageLongest > TimeSpan.Zero && c.OutageTotal >= c.OutageLongest));
        Assert.True(result.Gaps >= 2);
        Assert.True(served.Server.FramesWithheld > 0, "the silenced stream withheld nothing");
        // A refused subscribe re-makes the session (else it would lack the refused streams for good).
        Assert.True(result.Connections.Sum(c => c.SubscribeRefusals) >= 1, "no refused subscribe seen");
        Assert.True(result.SignalsByLevel.Sum() > 0, "no signal was generated");
    }

    [Theory]
    [InlineData("drop,stalls")]
    [InlineData("every=0s,all")]
    [InlineData("")]
    public void A_bad_fault_spec_names_the_part_that_is_wrong(string spec)
    {
        var error = Assert.Throws<FormatException>(() => VenueFaultPlan.Parse(spec));
        Assert.True(error.Message.Contains("stalls", StringComparison.Ordinal) || error.Message.Contains("every=0s", StringComparison.Ordinal)
            || error.Message.Contains("no fault kind", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void All_takes_every_kind_with_the_times_given()
    {
        var plan = VenueFaultPlan.Parse("all, every=250ms, for=2s", seed: 3);
        Assert.Equal(Enum.GetValues<VenueFaultKind>(), plan.Kinds);
        Assert.Equal(TimeSpan.FromMilliseconds(250), plan.Every);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.Duration);
        Assert.Equal([VenueFaultKind.SubscribeError, VenueFaultKind.Drop], VenueFaultPlan.Parse("suberror,drop").Kinds);
    }
}
