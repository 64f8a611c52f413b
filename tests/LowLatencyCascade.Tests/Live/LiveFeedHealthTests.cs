using LowLatencyCascade.Cli.Configuration;
using System.Net;
using System.Net.Sockets;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Live;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Health;
using LowLatencyCascade.Engine.Monitoring;
using LowLatencyCascade.Engine.Signals;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Tests.Host;
using Xunit;

namespace LowLatencyCascade.Tests.Live;

/// <summary>
/// A venue connection killed during a live run (the fake venue server drops OKX and refuses it back) shows in the
/// signals' <c>feeds</c> object, in <c>/metrics</c> (status RED, a status change counted, reconnects rising, a gap),
/// in the status log, and /metrics still passes <c>promtool check metrics</c> with the feed metrics in it.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class LiveFeedHealthTests(ScenarioMarket market) : IClassFixture<ScenarioMarket>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Killing_a_venue_connection_marks_the_next_signals_and_shows_in_metrics_and_the_log()
    {
        string promtool = Promtool.Require();
        await using var served = await ServedMarket.StartAsync();
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        var overrides = served.Overrides(market.Symbols);
        overrides["Dashboard:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = SettingsLoader.Load(null, overrides);
        string signalsFile = Path.Combine(market.NewFolder("health"), "signals.jsonl");
        var logText = new StringWriter();
        var log = TextWriter.Synchronized(logText);
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<LiveSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = LiveRun.RunAsync(settings, new HostRunOptions { SignalsOut = signalsFile }, new LiveRunOptions { Warmup = false, Status = log },
            started.SetResult, stop.Token);
        var session = await started.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await session.Feeds.AllConnected.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 1, wait.Token);
        var board = session.Host.FeedBoard!;
        var okx = session.Feeds.Connections.Single(c => c.Exchange == Exchange.Okx);
        using var http = new HttpClient { BaseAddress = session.Host.DashboardUri };
        var before = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken));
        var okxLabel = new MetricLabel("connection", okx.Name);
        double reconnectsBefore = before.Find(CascadeMetrics.FeedReconnects, okxLabel) ?? -1;
        Assert.True(reconnectsBefore >= 0, "no reconnect counter for " + okx.Name);

        // Kill OKX and keep it down.
        served.Server.RefuseConnections(Exchange.Okx, true);
        Assert.Equal(1, served.Server.DropConnections(Exchange.Okx, 1));
        await Eventually.HoldsAsync(() => board.StatusOf(Exchange.Okx) == FeedStatusBoard.Red, Timeout, "OKX RED on the status board");
        await Eventually.HoldsAsync(() => okx.Health.ReconnectAttempts > reconnectsBefore && served.Server.ConnectionsRefused >= 1,
            Timeout, "OKX tried to reconnect and was refused");
        await Eventually.HoldsAsync(() => session.Host.FeedHealthStage.GapsOf(okx.ConnectionId) >= 1, Timeout, "OKX's gap marker reached the pipeline");

        // The market moves on the other venues: every signal from now on was computed without OKX.
        var report = await served.Server.PlayAsync(new CaptureFrameSource([market.ScenarioDirectory]), speed: 0, cancellationToken: TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => served.Server.DataFramesSent >= report.Deliveries, Timeout, "every delivery written");
        await Eventually.HoldsAsync(() => session.Feeds.FramesReceived >= served.Server.FramesSent, Timeout, "every frame sent has arrived");
        await Eventually.HoldsAsync(() => session.Host.Pipeline.InFlight == 0 && session.Host.FeedHealthStage.Signals > 0, Timeout, "signals marked");

        string text = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var metrics = PrometheusTextParser.Parse(text);
        Assert.Equal(2, metrics.Find(CascadeMetrics.FeedStatus, okxLabel, new MetricLabel("exchange", "okx")));
        Assert.True(metrics.Find(CascadeMetrics.FeedStatusChanges, okxLabel, new MetricLabel("to", "red")) >= 1, "no change to red counted\n" + text);
        Assert.True(metrics.Find(CascadeMetrics.FeedReconnects, okxLabel) > reconnectsBefore, "reconnects did not rise\n" + text);
        Assert.True(metrics.Find(CascadeMetrics.FeedGaps, okxLabel) >= 1, "no gap counted\n" + text);
        Assert.True(metrics.Find(CascadeMetrics.SignalsDegraded) >= 1, "no degraded signal counted\n" + text);
        Assert.Contains(metrics.Samples, s => s.Name == CascadeMetrics.StageDuration + "_bucket");
        // The dashboard's snapshot (what the page renders) shows the connection RED with its health percentage below 100 %.
        using (var snapshot = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/snapshot", TestContext.Current.CancellationToken)))
        {
            var feed = snapshot.RootElement.GetProperty("feeds").EnumerateArray().Single(f => f.GetProperty("connection").GetString() == okx.Name);
            Assert.Equal("RED", feed.GetProperty("status").GetString());
            Assert.InRange(feed.GetProperty("healthy").GetDouble(), 0, 0.999);
        }
        var (exitCode, output) = await Promtool.CheckMetricsAsync(promtool, text);
        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics exited {exitCode}:\n{output}\n--- the /metrics text checked ---\n{text}");

        // OKX comes back: the recovery is a counted status change too.
        served.Server.RefuseConnections(Exchange.Okx, false);
        await Eventually.HoldsAsync(() => okx.IsConnected && board.StatusOf(Exchange.Okx) != FeedStatusBoard.Red, Timeout, "OKX back");
        var recovered = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken));
        Assert.True((recovered.Find(CascadeMetrics.FeedStatusChanges, okxLabel, new MetricLabel("to", "yellow")) ?? 0)
            + (recovered.Find(CascadeMetrics.FeedStatusChanges, okxLabel, new MetricLabel("to", "green")) ?? 0) >= 1, "the recovery was not counted");

        stop.Cancel();
        await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        var signals = File.ReadLines(signalsFile).Select(l => CascadeSignal.Parse(System.Text.Encoding.UTF8.GetBytes(l))).ToList();
        Assert.NotEmpty(signals);
        Assert.All(signals, s =>
        {
            Assert.True(s.Feeds!.Degraded);
            Assert.Contains("okx:red", s.Feeds.Reasons);
            Assert.Contains("okx:gap", s.Feeds.Reasons);
            Assert.DoesNotContain("okx", s.Feeds.Fresh);
        });
        Assert.Contains(signals, s => s.Feeds!.Fresh.Contains("binance") && s.Feeds.Fresh.Contains("bybit"));

        string logged = logText.ToString(); // the run is over: nobody writes any more
        Assert.Contains($"cascade: {okx.Name}: feed status ", logged);
        Assert.Contains("-> RED (Disconnected)", logged);
    }
}
