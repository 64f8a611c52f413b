using LowLatencyCascade.Cli;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Simulation;
using Xunit;

namespace LowLatencyCascade.Tests.Live;

/// <summary><c>cascade live --warm-from</c> through the real command line, against the project's venue server.</summary>
[Collection(LiveCollection.Name)]
public sealed class LiveWarmFromTests(ScenarioMarket market) : IClassFixture<ScenarioMarket>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task MissingFolder_ExitsWithUsageCode_NamingTheOption()
    {
        string missing = Path.Combine(market.Directory, "no-such-capture");
        var (code, error) = await InvokeAsync(["live", "--warm-from", missing, "--duration", "1s"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--warm-from", error);
        Assert.Contains("does not exist", error);
    }

    [Fact]
    public async Task FolderWithoutCaptures_OrBadMinutes_ExitsWithUsageCode_NamingTheOption()
    {
        string empty = market.NewFolder("warm-empty");
        var (code, error) = await InvokeAsync(["live", "--warm-from", empty, "--duration", "1s"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--warm-from", error);
        Assert.Contains("no capture files", error);

        (code, error) = await InvokeAsync(["live", "--warm-from", market.ScenarioDirectory, "--warm-minutes", "0", "--duration", "1s"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--warm-minutes", error);

        (code, error) = await InvokeAsync(["live", "--warm-minutes", "5", "--duration", "1s"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--warm-minutes", error);
    }

    [Fact]
    public async Task RecentCapture_IsReplayedBeforeConnecting_AndTheLiveModelStartsWarm()
    {
        // A recording that ended a few seconds ago: six minutes of market (a cascade in it), three venues.
        var start = DateTimeOffset.UtcNow.AddMinutes(-6).AddSeconds(-5);
        string recording = market.NewFolder("warm-recording");
        ScenarioGenerator.GenerateToDirectory(recording, new ScenarioOptions
        {
            Seed = 9, Start = start, Duration = TimeSpan.FromMinutes(6), CascadeEpisodes = 1, QuietStart = TimeSpan.FromMinutes(2),
        });
        string state = Path.Combine(market.NewFolder("warm-state"), "model.state");
        await using var served = await ServedMarket.StartAsync();
        // Warm-up 120 s of event time: a cold start would still be warming up after a 2-second run.
        var (code, error) = await RunLiveAsync(served, ["--warm-from", recording, "--warm-minutes", "4", "--state-file", state], warmupSeconds: 120);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains($"--warm-from {recording}: replayed", error);
        Assert.Contains("(4 of the newest 4 min", error); // the newest four minutes of six, not the whole recording
        Assert.Contains("model warm", error);
        Assert.Contains("model state from --warm-from applied", error);
        Assert.Contains("not read", error); // the state file is not read when --warm-from is given ...
        var saved = ModelState.Decode(File.ReadAllBytes(state)); // ... but written at the stop, as usual
        Assert.True(saved.Warm);
        Assert.Contains("BTCUSDT", saved.Symbols);
        Assert.True(saved.LastEventMs > start.AddMinutes(5).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task StaleCapture_IsReportedAndIgnored_TheModelStartsCold()
    {
        // The fixture's market is dated 2025: far older than Model:StateMaxAgeSeconds.
        await using var served = await ServedMarket.StartAsync();
        var (code, error) = await RunLiveAsync(served, ["--warm-from", market.ScenarioDirectory], warmupSeconds: 120);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("ignored, stale", error);
        Assert.Contains("Model:StateMaxAgeSeconds", error);
        Assert.DoesNotContain("model state from --warm-from applied", error);
        Assert.Contains("model warming up", error);
    }

    [Fact]
    public void NewestMinutes_SkipRotatedFilesThatEndBeforeTheCut()
    {
        string dir = market.NewFolder("warm-rotations");
        string[] names = ["bybit-linear-20250127T160000.ndjson.gz", "bybit-linear-20250127T170000.ndjson.gz", "bybit-linear-20250127T180000.ndjson.gz", "okx-swap.ndjson.gz"];
        foreach (var n in names) File.WriteAllBytes(Path.Combine(dir, n), []);
        var files = CaptureReplayer.ExpandPaths([dir]);
        long cut = CaptureTimestamp.FromDateTime(new DateTime(2025, 1, 27, 17, 30, 0, DateTimeKind.Utc));
        var kept = Hosting.Live.LiveWarmFrom.FilesFrom(files, cut).Select(Path.GetFileName).ToList();
        Assert.Equal(["bybit-linear-20250127T170000.ndjson.gz", "bybit-linear-20250127T180000.ndjson.gz", "okx-swap.ndjson.gz"], kept.Order(StringComparer.Ordinal));
    }

    private async Task<(int Code, string Error)> RunLiveAsync(ServedMarket served, string[] extra, int warmupSeconds)
    {
        var args = new List<string> { "live", "--duration", "2s", "--quiet" };
        foreach (var (key, value) in served.Overrides(market.Symbols))
        {
            if (key == "Feeds:Binance:Url") args.AddRange(["--binance-url", value!]);
            else if (key == "Feeds:Bybit:Url") args.AddRange(["--bybit-url", value!]);
            else if (key == "Feeds:Okx:Url") args.AddRange(["--okx-url", value!]);
        }
        args.AddRange(["--symbols", string.Join(',', market.Symbols)]);
        string config = Path.Combine(market.NewFolder("warm-config"), "config.json");
        File.WriteAllText(config, $$"""
            { "Feeds": { "Binance": { "RestUrl": "{{ServedMarket.DeadRestUrl}}" }, "Okx": { "RestUrl": "{{ServedMarket.DeadRestUrl}}" } },
              "Dashboard": { "Port": 0 }, "Model": { "WarmupSeconds": {{warmupSeconds}} } }
            """);
        args.AddRange(["--config", config]);
        args.AddRange(extra);
        return await InvokeAsync([.. args]).WaitAsync(Timeout);
    }

    /// <summary>Runs the command line in-process; stderr is captured (the Live collection runs alone).</summary>
    private static async Task<(int Code, string Error)> InvokeAsync(string[] args)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(TextWriter.Synchronized(error));
        try
        {
            int code = await Program.Main(args);
            return (code, error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
