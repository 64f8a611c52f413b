using System.Net;
using System.Net.Sockets;
using LowLatencyCascade.Cli.Hosting;
using LowLatencyCascade.Engine.Monitoring;
using LowLatencyCascade.Feeds.Capture;
using Xunit;

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
            var host = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Eventually.HoldsAsync(() => host.Observer.Stats.SignalsGenerated > 20, TimeSpan.FromSeconds(60), "signals generated");
            long framesBefore = host.Frames.Frames;
            using var http = new HttpClient { BaseAddress = host.DashboardUri };
            using var response = await http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);
            var metrics = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());
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
            Assert.Contains(metrics.Samples, s => s.Name == CascadeMetrics.MarketRegime);
        }
        finally
        {
            stop.Cancel();
            await replay;
        }
    }
}
