using LowLatencyCascade.Cli.Dashboard;
using System.Buffers.Binary;
using System.Text.Json;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Engine.Events;
using Xunit;

namespace LowLatencyCascade.Tests.Dashboard;

/// <summary>
/// The page in a real browser: headless Chromium loads the dashboard while the source changes, and the
/// test reads the DOM the page's own script built from the WebSocket pushes.
/// </summary>
public class DashboardBrowserTests
{
    private const int Width = 1400;
    private const int Height = 900;

    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard.png");

    // Resolves with what `probe` returns once it returns something truthy; rejects with the page's state after 40 s (a
    // generous limit: the wait ends as soon as the probe holds; a loaded 2-core machine can take seconds to launch and render).
    private static string WaitFor(string probe) => $$"""
        new Promise((resolve, reject) => {
          const probe = () => { {{probe}} };
          const check = () => { const v = probe(); if (v) { observer.disconnect(); clearTimeout(timer); resolve(JSON.stringify(v)); } };
          const observer = new MutationObserver(check);
          observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });
          const timer = setTimeout(() => { observer.disconnect(); reject(new Error('timed out; page: ' + document.body.innerText.slice(0, 2000))); }, 40000);
          check();
        })
        """;

    [Fact]
    public async Task Page_shows_the_signals_and_follows_a_level_change_pushed_over_the_WebSocket()
    {
        string chromium = HeadlessChromium.FindExecutable() ?? throw new Xunit.Sdk.XunitException(HeadlessChromium.InstallHint);
        var source = DashboardTestData.Replay();
        var options = new DashboardOptions { Port = 0, PushInterval = TimeSpan.FromMilliseconds(100), Token = "browser-test-token" };
        await using var server = new DashboardServer(options, source, DashboardPage.Html);
        await server.StartAsync(TestContext.Current.CancellationToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var browser = await HeadlessChromium.LaunchAsync(chromium, Width, Height, timeout.Token);

        await browser.NavigateAsync(new Uri(server.BaseUri, "/?token=browser-test-token"), timeout.Token);
        var rows = await ReadAsync<Dictionary<string, string>>(browser, WaitFor("""
            const rows = [...document.querySelectorAll('#signals tr[data-symbol]')];
            return rows.length >= 3 && Object.fromEntries(rows.map(r => [r.dataset.symbol, r.dataset.level]));
            """), timeout.Token);

        var expected = source.GetSnapshot().Symbols.ToDictionary(s => s.Symbol, s => s.LevelName);
        Assert.Equal(expected, rows);
        var shown = await ReadAsync<Dictionary<string, string>>(browser, """
            JSON.stringify({
              market: document.getElementById('market-regime').dataset.regime,
              volatility: document.getElementById('volatility-regime').textContent,
              status: document.getElementById('status').dataset.state,
              bybit: document.querySelector('#feed-health tr[data-connection="bybit-liquidation"]').dataset.health,
              bybitHealthy: document.querySelector('#feed-health tr[data-connection="bybit-liquidation"] td[data-healthy]').textContent,
              stages: String(document.querySelectorAll('#latency tr[data-stage]').length),
              curves: String(document.querySelectorAll('#hdr-chart polyline[data-series]').length),
              issues: String(document.querySelectorAll('#dq-issues tr[data-severity]').length),
              marker: String(window.__notReloaded = 'yes')
            })
            """, timeout.Token);
        Assert.Equal("ELEVATED", shown["market"]);
        Assert.Equal("HIGH", shown["volatility"]);
        Assert.Equal("running", shown["status"]);
        Assert.Equal("YELLOW", shown["bybit"]);
        Assert.Equal("87.4%", shown["bybitHealthy"]);
        Assert.Equal("4", shown["stages"]);
        Assert.Equal("4", shown["curves"]);
        Assert.Equal("2", shown["issues"]);

        // The replay moves on: BTC escalates, the regime shifts, a feed goes red. The page must follow without reloading.
        source.Signal("BTCUSDT", SignalLevel.Extreme, 0.94, DashboardTestData.StartUnixMs + 61_000);
        source.Market("EXTREME", "EXTREME", 91_877.0, 4.1);
        source.Feed(new FeedHealthView { Connection = "bybit-liquidation", Exchange = "bybit", Status = FeedHealthLevel.Red, MessagesPerSecond = 0, Reconnects = 3, LatencyMs = 0, Uptime = 0.97, Healthy = 0.5 });
        var after = await ReadAsync<Dictionary<string, string>>(browser, WaitFor("""
            const btc = document.querySelector('#signals tr[data-symbol="BTCUSDT"]');
            const bybit = document.querySelector('#feed-health tr[data-connection="bybit-liquidation"]');
            return btc && btc.dataset.level === 'EXTREME' && bybit.dataset.health === 'RED' && {
              bybitHealthy: bybit.querySelector('td[data-healthy]').textContent,
              level: btc.dataset.level,
              probability: btc.dataset.probability,
              firstRow: document.querySelector('#signals tr[data-symbol]').dataset.symbol,
              market: document.getElementById('market-regime').dataset.regime,
              notReloaded: String(window.__notReloaded)
            };
            """), timeout.Token);

        Assert.Equal("EXTREME", after["level"]);
        Assert.Equal("50.0%", after["bybitHealthy"]);
        Assert.Equal("0.94", after["probability"]);
        Assert.Equal("BTCUSDT", after["firstRow"]); // rows sort by level, so the escalation moves to the top
        Assert.Equal("EXTREME", after["market"]);
        Assert.Equal("yes", after["notReloaded"]);

        byte[] png = await browser.ScreenshotPngAsync(timeout.Token);
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        await File.WriteAllBytesAsync(ScreenshotPath, png, timeout.Token);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
    }

    private static async Task<T> ReadAsync<T>(HeadlessChromium browser, string expression, CancellationToken ct)
    {
        var value = await browser.EvaluateAsync(expression, ct);
        return JsonSerializer.Deserialize<T>(value.GetString()!)!;
    }
}
