using System.Net;
using System.Net.Sockets;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Monitoring;
using LowLatencyCascade.Feeds.Capture;
using Xunit;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Tests.Host;

/// <summary><c>/metrics</c> of a running replay, parsed back: counters, gauges and HDR latency quantiles of the real pipeline.</summary>
[Collection(HostCollection.Name)]
public class MetricsReplayTests(ScenarioFixture scenario)
{
    [Fact]
    public async Task Metrics_of_a_running_replay_parse_back_and_agree_with_the_pipeline()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        var settings = ScenarioFixture.Settings(("Dashboard:Port", port.ToString()));
        using var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource<PipelineHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replay = ReplayRun.RunAsync(settings, [scenario.CaptureDirectory], new HostRunOptions(),
            new CaptureReplayOptions { Speed = 10 }, h => ready.SetResult(h), stop.Token);
        try
        {
            var host = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            await Eventually.HoldsAsync(() => host.Observer.Stats.SignalsGenerated > 20, TimeSpan.FromSeconds(60), "signals generated");
            long framesBefore = host.Frames.Frames;
            using var http = new HttpClient { BaseAddress = host.DashboardUri };
            using var response = await http.GetAsync("/metrics", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
            var metrics = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            long framesAfter = host.Frames.Frames;

            double frames = metrics.Find(CascadeMetrics.Frames) ?? throw new Xunit.Sdk.XunitException("no frames counter");
            Assert.InRange(frames, framesBefore, framesAfter);
            double signals = metrics.Samples.Where(s => s.Name == CascadeMetrics.Signals).Sum(s => s.Value);
            Assert.True(signals >= 20, $"signals counter {signals}");
            Assert.Equal(5, metrics.Samples.Count(s => s.Name == CascadeMetrics.Signals));
            double e2eCount = metrics.Find(CascadeMetrics.StageLatency + "_count", new MetricLabel("stage", "end_to_end")) ?? 0;
            Assert.True(e2eCount > 0);
            double p99 = metrics.Find(CascadeMetrics.StageLatency, new MetricLabel("stage", "end_to_end"), new MetricLabel("quantile", "0.99")) ?? -1;
            double p50 = metrics.Find(CascadeMetrics.StageLatency, new MetricLabel("stage", "end_to_end"), new MetricLabel("quantile", "0.5")) ?? -1;
            Assert.True(p50 > 0 && p99 >= p50, $"p50 {p50}, p99 {p99}");
            Assert.NotNull(metrics.Find(CascadeMetrics.RingFill));
            Assert.True((metrics.Find(CascadeMetrics.StageLatency + "_count", new MetricLabel("stage", "backlog")) ?? 0) > 0, "no backlog summary");
            double resident = metrics.Find(CascadeMetrics.ResidentMemory) ?? 0;
            double peak = metrics.Find(CascadeMetrics.PeakResidentMemory) ?? 0;
            Assert.True(resident > 1 << 20 && peak >= resident, $"resident {resident}, peak {peak}");
            Assert.Contains(metrics.Samples, s => s.Name == CascadeMetrics.MarketRegime);
        }
        finally
        {
            stop.Cancel();
            await replay;
        }
    }

    [Fact]
    public async Task Metrics_count_the_fan_outs_clients_frames_sent_and_refused_connections()
    {
        var settings = ScenarioFixture.Settings(("Dashboard:Port", FreePort().ToString()), ("WebSocket:Port", FreePort().ToString()),
            ("WebSocket:MaxClients", "1"), ("WebSocket:WaitForClients", "1"), ("WebSocket:ClientQueueCapacity", "1048576"));
        using var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource<PipelineHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replay = ReplayRun.RunAsync(settings, [scenario.CaptureDirectory], new HostRunOptions { FanOut = true },
            new CaptureReplayOptions { Speed = 10 }, h => ready.SetResult(h), stop.Token);
        try
        {
            var host = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            using var client = await Publishing.WebSocketTestClient.ConnectAsync(host.SignalFanOutUri!);
            await client.SubscribeAsync("[\"*\"]", "NONE");
            // MaxClients is 1: a second client is refused (HTTP 503 on the upgrade).
            await Assert.ThrowsAnyAsync<System.Net.WebSockets.WebSocketException>(() => Publishing.WebSocketTestClient.ConnectAsync(host.SignalFanOutUri!));
            var reading = Task.Run(async () =>
            {
                try { while (true) await client.ReceiveTextAsync(TimeSpan.FromMinutes(2)); }
                catch (Exception) { } // closed at the end of the run
            }, TestContext.Current.CancellationToken);
            var ws = host.Publisher.WebSocket!;
            await Eventually.HoldsAsync(() => ws.FramesSent > 5, TimeSpan.FromSeconds(60), "signal frames sent to the client");
            using var http = new HttpClient { BaseAddress = host.DashboardUri };
            long sentBefore = ws.FramesSent;
            var metrics = PrometheusTextParser.Parse(await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken));
            long sentAfter = ws.FramesSent;
            Assert.Equal(1, metrics.Find(CascadeMetrics.WebSocketClients));
            Assert.Equal(1, metrics.Find(CascadeMetrics.WebSocketSubscribedClients));
            Assert.Equal(1, metrics.Find(CascadeMetrics.WebSocketConnections));
            Assert.InRange(metrics.Find(CascadeMetrics.WebSocketFramesSent) ?? -1, sentBefore, sentAfter);
            Assert.Equal(1, metrics.Find(CascadeMetrics.WebSocketClientsRefused, new MetricLabel("reason", "full")));
            Assert.Equal(0, metrics.Find(CascadeMetrics.WebSocketClientsRefused, new MetricLabel("reason", "unauthorized")));
            Assert.Equal(0, metrics.Find(CascadeMetrics.WebSocketSlowClientsDropped));
            Assert.Equal(0, metrics.Find(CascadeMetrics.WebSocketInvalidRequests));
            Assert.True((metrics.Find(CascadeMetrics.SinkDelivered, new MetricLabel("sink", "websocket")) ?? 0) > 0);
        }
        finally
        {
            stop.Cancel();
            await replay;
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Metrics_of_a_running_replay_pass_promtool_check_metrics_with_no_lint_problems()
    {
        string promtool = Promtool.Require();
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        // The fan-out runs too, so its families are linted with the rest.
        var settings = ScenarioFixture.Settings(("Dashboard:Port", port.ToString()), ("WebSocket:Port", FreePort().ToString()));
        using var stop = new CancellationTokenSource();
        var ready = new TaskCompletionSource<PipelineHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var replay = ReplayRun.RunAsync(settings, [scenario.CaptureDirectory], new HostRunOptions { FanOut = true },
            new CaptureReplayOptions { Speed = 10 }, h => ready.SetResult(h), stop.Token);
        try
        {
            var host = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            // Wait until every family has samples worth checking (latency quantiles come with the first signals).
            await Eventually.HoldsAsync(() => host.Observer.Stats.SignalsGenerated > 20, TimeSpan.FromSeconds(60), "signals generated");
            using var http = new HttpClient { BaseAddress = host.DashboardUri };
            string text = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
            Assert.Contains(CascadeMetrics.StageLatency + "{", text);
            Assert.Contains(CascadeMetrics.WebSocketClientsRefused + "{", text);

            var (exitCode, output) = await Promtool.CheckMetricsAsync(promtool, text);
            Assert.True(exitCode == 0 && output.Length == 0,
                $"promtool check metrics exited {exitCode}:\n{output}\n--- the /metrics text checked ---\n{text}");
        }
        finally
        {
            stop.Cancel();
            await replay;
        }
    }
}

/// <summary>
/// Prometheus's own checker, <c>promtool check metrics</c> (Debian package <c>prometheus</c>): on PATH, or where
/// <c>./run.sh test</c> unpacks it (<c>artifacts/tools/prometheus/usr/bin</c>). Missing, the test fails saying
/// so: CI runs <c>./run.sh test</c>, which installs it, so a missing promtool is a broken setup, not a skip.
/// </summary>
internal static class Promtool
{
    public const string UnpackedDirectory = "artifacts/tools/prometheus/usr/bin";

    public static string Require()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "promtool");
            if (File.Exists(candidate)) return candidate;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "LowLatencyCascade.sln"))) continue;
            string unpacked = Path.Combine(dir.FullName, UnpackedDirectory, "promtool");
            if (File.Exists(unpacked)) return unpacked;
            break;
        }
        Assert.Fail("promtool is not on PATH nor in " + UnpackedDirectory + ": this test lints /metrics with Prometheus's own checker. " +
            "`./run.sh test` unpacks it from the Debian package `prometheus` (apt-get download prometheus; dpkg-deb -x); " +
            "or install that package.");
        return "promtool";
    }

    /// <summary>Runs <c>promtool check metrics</c> on <paramref name="text"/> (stdin); its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string promtool, string text)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(promtool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("check");
        psi.ArgumentList.Add("metrics");
        using var process = System.Diagnostics.Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(text);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }
}
