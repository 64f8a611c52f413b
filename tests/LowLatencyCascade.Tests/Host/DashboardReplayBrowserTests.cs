using LowLatencyCascade.Cli.Dashboard;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Tests.Dashboard;
using Xunit;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Tests.Host;

/// <summary>The dashboard of a real replay in headless Chromium: the pipeline's own signals appear on the page.</summary>
[Collection(HostCollection.Name)]
public class DashboardReplayBrowserTests(ScenarioFixture scenario)
{
    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-replay.png");

    [Fact]
    public async Task The_page_shows_the_replays_signals_regimes_and_stage_latencies()
    {
        string chromium = HeadlessChromium.FindExecutable() ?? throw new Xunit.Sdk.XunitException(HeadlessChromium.InstallHint);
        int port = FreeLoopbackPort();
        var settings = ScenarioFixture.Settings(("Dashboard:Port", port.ToString()), ("Dashboard:PushInterval", "00:00:00.200"));
        using var stop = new CancellationTokenSource();
        var hostReady = new TaskCompletionSource<PipelineHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Replay slowly enough (5x: 36 s for the 3-minute market) that the page is watching while the market unfolds, even
        // on a loaded machine where Chromium takes seconds to start; the test stops the replay once it has seen enough.
        var replay = ReplayRun.RunAsync(settings, [scenario.CaptureDirectory], new HostRunOptions { DashboardPage = DashboardPage.Html },
            new CaptureReplayOptions { Speed = 5 }, host => hostReady.SetResult(host), stop.Token);
        try
        {
            var host = await hostReady.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await using var browser = await HeadlessChromium.LaunchAsync(chromium, 1400, 900, timeout.Token);
            await browser.NavigateAsync(host.DashboardUri!, timeout.Token);
            var seen = await browser.EvaluateAsync("""
                new Promise((resolve, reject) => {
                  const probe = () => {
                    const rows = [...document.querySelectorAll('#signals tr[data-symbol]')];
                    const stages = document.querySelectorAll('#latency tr[data-stage]').length;
                    return rows.length >= 3 && stages >= 5 && JSON.stringify({
                      symbols: rows.map(r => r.dataset.symbol), levels: rows.map(r => r.dataset.level),
                      regime: document.getElementById('market-regime').dataset.regime,
                      status: document.getElementById('status').dataset.state, stages });
                  };
                  const check = () => { const v = probe(); if (v) { clearInterval(t); resolve(v); } };
                  const t = setInterval(check, 50);
                  setTimeout(() => { clearInterval(t); reject(new Error('timed out; page: ' + document.body.innerText.slice(0, 1500))); }, 45000);
                })
                """, timeout.Token);
            using var doc = JsonDocument.Parse(seen.GetString()!);
            var symbols = doc.RootElement.GetProperty("symbols").EnumerateArray().Select(e => e.GetString()!).ToList();
            // The page's rows are the pipeline's symbols, as the observer saw them.
            var expected = host.Observer.SymbolSignals(host.Symbols).Select(s => s.Symbol).ToHashSet();
            Assert.All(symbols, s => Assert.Contains(s, expected));
            Assert.Contains("BTCUSDT", symbols);
            Assert.Equal("replay", await ModeAsync(browser, timeout.Token));

            // The regime tiles, recent signals, timeline and hourly rate, from the same run. Read in one evaluation, so every
            // value comes from one render of one snapshot (the page's script cannot run in between).
            var analytics = await browser.EvaluateAsync("""
                new Promise((resolve, reject) => {
                  const probe = () => {
                    const recent = [...document.querySelectorAll('#recent-signals tr[data-symbol]')];
                    const dots = [...document.querySelectorAll('#signal-timeline circle[data-level]')];
                    const bars = [...document.querySelectorAll('#hourly-rate rect[data-signals]')];
                    const liquidity = document.getElementById('liquidity-regime').dataset.liquidity;
                    return recent.length >= 5 && dots.length >= 1 && bars.length >= 1 && liquidity && JSON.stringify({
                      liquidity, trend: document.getElementById('trend-regime').dataset.trend,
                      confidence: document.getElementById('regime-confidence').textContent,
                      market: document.getElementById('market-regime').dataset.regime,
                      position: Number(document.getElementById('position-size-multiplier').dataset.value),
                      stop: Number(document.getElementById('stop-loss-multiplier').dataset.value),
                      avgMs: Number(document.getElementById('avg-processing').dataset.value),
                      generated: Number(document.getElementById('signals-generated').dataset.value),
                      recentSymbols: recent.map(r => r.dataset.symbol), recentLevels: recent.map(r => r.dataset.level),
                      recentTimes: recent.map(r => Number(r.dataset.time)),
                      dotLevels: dots.map(d => d.dataset.level), hourlySignals: bars.map(b => Number(b.dataset.signals)) });
                  };
                  const check = () => { const v = probe(); if (v) { clearInterval(t); resolve(v); } };
                  const t = setInterval(check, 50);
                  setTimeout(() => { clearInterval(t); reject(new Error('timed out; page: ' + document.body.innerText.slice(0, 1500))); }, 45000);
                })
                """, timeout.Token);
            long generatedAfter = host.Observer.Stats.SignalsGenerated;
            using var a = JsonDocument.Parse(analytics.GetString()!);
            var r = a.RootElement;
            string[] levels = ["NONE", "WATCH", "ALERT", "CRITICAL", "EXTREME"];
            Assert.Contains(r.GetProperty("liquidity").GetString(), new[] { "DEEP", "NORMAL", "SHALLOW", "ILLIQUID" });
            Assert.Contains(r.GetProperty("trend").GetString(), new[] { "STRONG_UP", "UP", "RANGING", "DOWN", "STRONG_DOWN" });
            Assert.EndsWith("%", r.GetProperty("confidence").GetString());
            // The multipliers shown are the shown composite regime's row of the run's regime table.
            var regime = Enum.Parse<MarketRegime>(r.GetProperty("market").GetString()!, ignoreCase: true);
            var row = settings.Model.RegimeTable.Row(regime);
            Assert.Equal(row.PositionSizeMultiplier, r.GetProperty("position").GetDouble());
            Assert.Equal(row.StopLossMultiplier, r.GetProperty("stop").GetDouble());
            Assert.True(r.GetProperty("avgMs").GetDouble() > 0, "average processing time");
            var recentSymbols = r.GetProperty("recentSymbols").EnumerateArray().Select(e => e.GetString()!).ToList();
            Assert.InRange(recentSymbols.Count, 5, HostDashboardSource.RecentSignalsShown);
            Assert.All(recentSymbols, s => Assert.Contains(s, expected));
            Assert.All(r.GetProperty("recentLevels").EnumerateArray(), l => Assert.Contains(l.GetString(), levels));
            // Newest recorded first; event times of venues interleave by a few milliseconds, so only roughly descending.
            var times = r.GetProperty("recentTimes").EnumerateArray().Select(e => e.GetInt64()).ToList();
            Assert.True(times[0] >= times[^1] - 1_000, $"recent signals not newest first: {string.Join(", ", times)}");
            Assert.All(r.GetProperty("dotLevels").EnumerateArray(), l => Assert.Contains(l.GetString(), levels[1..]));   // WATCH and above only
            // The hourly bars count every signal of the run: at least as many as the tile said, no more than the pipeline has made since.
            long hourlyTotal = r.GetProperty("hourlySignals").EnumerateArray().Sum(e => e.GetInt64());
            Assert.InRange(hourlyTotal, r.GetProperty("generated").GetInt64(), generatedAfter);
            // /api/snapshot carries the same: stats with the spec's fields, and the regime in market.
            var api = await browser.EvaluateAsync("""
                fetch('/api/snapshot').then(r => r.json()).then(s => JSON.stringify({
                  recent: s.stats.recentSignals.length, avg: s.stats.averageProcessingTimeMs, generated: s.stats.signalsGenerated,
                  critical: s.stats.criticalSignals, liquidity: s.market.liquidityRegime, position: s.market.positionSizeMultiplier }))
                """, timeout.Token);
            using var apiDoc = JsonDocument.Parse(api.GetString()!);
            Assert.InRange(apiDoc.RootElement.GetProperty("recent").GetInt32(), 5, HostDashboardSource.RecentSignalsShown);
            Assert.True(apiDoc.RootElement.GetProperty("avg").GetDouble() > 0);
            Assert.True(apiDoc.RootElement.GetProperty("generated").GetInt64() >= apiDoc.RootElement.GetProperty("critical").GetInt64());
            Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
            await File.WriteAllBytesAsync(ScreenshotPath, await browser.ScreenshotPngAsync(timeout.Token), timeout.Token);
        }
        finally
        {
            stop.Cancel();
            var result = await replay;
            Assert.Equal(result.PublishedSlots, result.ObservedSlots);
        }
    }

    private static async Task<string> ModeAsync(HeadlessChromium browser, CancellationToken ct) =>
        (await browser.EvaluateAsync("fetch('/api/snapshot').then(r => r.json()).then(s => s.status.mode)", ct)).GetString()!;

    private static int FreeLoopbackPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
