using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LowLatencyCascade.Cli.Hosting;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Tests.Dashboard;
using Xunit;

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
        // Replay slowly enough (10x) that the page is watching while the market unfolds.
        var replay = ReplayRun.RunAsync(settings, [scenario.CaptureDirectory], new HostRunOptions(),
            new CaptureReplayOptions { Speed = 10 }, host => hostReady.SetResult(host), stop.Token);
        try
        {
            var host = await hostReady.Task.WaitAsync(TimeSpan.FromSeconds(30));
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
