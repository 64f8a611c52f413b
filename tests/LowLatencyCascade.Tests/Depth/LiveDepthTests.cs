using System.Globalization;
using System.Text.Json;
using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Live;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Monitoring;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Serving;
using LowLatencyCascade.Tests.Decoders;
using LowLatencyCascade.Tests.Host;
using LowLatencyCascade.Tests.Live;
using Xunit;

namespace LowLatencyCascade.Tests.Depth;

/// <summary>
/// A live run against the local venue server (the generated market, which carries each venue's shallow book on its
/// documented channel) shows depth per venue and symbol in <c>/metrics</c> (gauges, <c>promtool check metrics</c> clean)
/// and on the dashboard's snapshot; a book with fewer than 5 levels (Bybit's documented two-level snapshot) is raised
/// as an insufficient-depth data-quality issue, counted in <c>/metrics</c>. Waits for conditions, never for time.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class LiveDepthTests(ScenarioMarket market) : IClassFixture<ScenarioMarket>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_live_run_against_the_venue_server_shows_depth_per_venue_and_symbol_and_reports_a_thin_book()
    {
        string promtool = Promtool.Require();
        await using var served = await ServedMarket.StartAsync();
        int port;
        using (var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)) { l.Start(); port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port; }
        var overrides = served.Overrides(market.Symbols);
        overrides["Dashboard:Port"] = port.ToString(CultureInfo.InvariantCulture);
        var settings = SettingsLoader.Load(null, overrides);
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<LiveSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = LiveRun.RunAsync(settings, new HostRunOptions(), new LiveRunOptions { Warmup = false, Status = TextWriter.Null },
            started.SetResult, stop.Token);
        var session = await started.Task.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await session.Feeds.AllConnected.WaitAsync(Timeout, TestContext.Current.CancellationToken);
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 1, wait.Token);

        await served.Server.PlayAsync(new CaptureFrameSource([market.ScenarioDirectory]), speed: 0, cancellationToken: TestContext.Current.CancellationToken)
            .WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var quality = session.Host.Quality;
        var venues = new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx };
        await Eventually.HoldsAsync(() =>
        {
            var readings = quality.DepthReadings();
            return venues.All(v => market.Symbols.All(s => readings.Any(r => r.Exchange == v && r.Symbol == s)));
        }, Timeout, "a book per venue and symbol");

        using var http = new HttpClient { BaseAddress = session.Host.DashboardUri };
        string text = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var metrics = PrometheusTextParser.Parse(text);
        foreach (var venue in venues)
        {
            foreach (string symbol in market.Symbols)
            {
                var ex = new MetricLabel("exchange", ExchangeInfo.Name(venue));
                var sym = new MetricLabel("symbol", symbol);
                double? bidLevels = metrics.Find(CascadeMetrics.BookDepthLevels, ex, sym, new MetricLabel("side", "bid"));
                double? askLevels = metrics.Find(CascadeMetrics.BookDepthLevels, ex, sym, new MetricLabel("side", "ask"));
                // Binance's stream is the top 20, Bybit's simulated book 25 levels, OKX's books5 five.
                double expected = venue == Exchange.Okx ? 5 : venue == Exchange.Binance ? 20 : 25;
                Assert.True(bidLevels == expected && askLevels == expected, $"{venue} {symbol}: levels {bidLevels}/{askLevels}, expected {expected}\n{text}");
                double? near = metrics.Find(CascadeMetrics.BookDepthUsd, ex, sym, new MetricLabel("side", "bid"), new MetricLabel("band", "10bps"));
                double? wide = metrics.Find(CascadeMetrics.BookDepthUsd, ex, sym, new MetricLabel("side", "bid"), new MetricLabel("band", "50bps"));
                Assert.True(near > 0 && wide >= near, $"{venue} {symbol}: bid USD 10bps {near}, 50bps {wide}");
            }
        }
        Assert.Equal((double?)0, metrics.Find(CascadeMetrics.DataQualityIssues, new MetricLabel("type", "insufficient_depth")));
        var (exitCode, output) = await Promtool.CheckMetricsAsync(promtool, text);
        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics exited {exitCode}:\n{output}\n--- the /metrics text checked ---\n{text}");

        using (var snapshot = JsonDocument.Parse(await http.GetStringAsync("/api/snapshot", TestContext.Current.CancellationToken)))
        {
            var depth = snapshot.RootElement.GetProperty("depth").EnumerateArray().ToList();
            Assert.Equal(["binance", "bybit", "okx"], depth.Select(d => d.GetProperty("exchange").GetString()).Distinct().Order(StringComparer.Ordinal).ToArray());
            Assert.All(depth, d => Assert.False(d.GetProperty("insufficient").GetBoolean()));
        }

        // Bybit's documented snapshot: two levels a side, fewer than the plan's five.
        var thin = new InMemoryVenueFrameSource().Add(Exchange.Bybit, VenueFixtures.Frame("bybit", "orderbook.50.json"), DateTime.UtcNow);
        await served.Server.PlayAsync(thin, speed: 0, cancellationToken: TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        await Eventually.HoldsAsync(() => quality.Count(DataQualityIssueType.InsufficientDepth) >= 1, Timeout, "the thin book raised an issue");
        var issue = quality.RecentIssues().Last(i => i.Type == DataQualityIssueType.InsufficientDepth);
        Assert.Equal((Exchange.Bybit, "BTCUSDT", IssueSeverity.Medium), (issue.Exchange, issue.Symbol, issue.Severity));
        Assert.Contains("2 bid and 2 ask levels", issue.Description);

        text = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        metrics = PrometheusTextParser.Parse(text);
        Assert.Equal((double?)1, metrics.Find(CascadeMetrics.DataQualityIssues, new MetricLabel("type", "insufficient_depth")));
        Assert.Equal((double?)2, metrics.Find(CascadeMetrics.BookDepthLevels, new MetricLabel("exchange", "bybit"), new MetricLabel("symbol", "BTCUSDT"), new MetricLabel("side", "bid")));
        using (var snapshot = JsonDocument.Parse(await http.GetStringAsync("/api/snapshot", TestContext.Current.CancellationToken)))
        {
            var root = snapshot.RootElement;
            var row = root.GetProperty("depth").EnumerateArray().First();
            Assert.Equal(("bybit", "BTCUSDT", true), (row.GetProperty("exchange").GetString(), row.GetProperty("symbol").GetString(), row.GetProperty("insufficient").GetBoolean()));
            Assert.Contains(root.GetProperty("dataQualityIssues").EnumerateArray(), i => i.GetProperty("type").GetString() == "InsufficientDepth");
        }
        (exitCode, output) = await Promtool.CheckMetricsAsync(promtool, text);
        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics exited {exitCode}:\n{output}");

        stop.Cancel();
        await run.WaitAsync(Timeout, TestContext.Current.CancellationToken);
    }
}
