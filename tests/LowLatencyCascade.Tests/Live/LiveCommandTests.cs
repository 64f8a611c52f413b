using LowLatencyCascade.Cli;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Serving;
using Xunit;

namespace LowLatencyCascade.Tests.Live;

/// <summary><c>cascade live</c> and <c>cascade record</c> run in-process through the real command line.</summary>
[Collection(LiveCollection.Name)]
public sealed class LiveCommandTests(ScenarioMarket market) : IClassFixture<ScenarioMarket>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BadBinanceUrl_ExitsWithUsageCode_NamingTheConfigurationKey()
    {
        var (code, error) = await InvokeAsync(["live", "--binance-url", "http://not-a-websocket", "--duration", "1s"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Feeds:Binance:Url", error);
    }

    [Fact]
    public async Task RetiredBinancePath_ExitsWithConfigurationCode_SayingWhatChanged()
    {
        var (code, error) = await InvokeAsync(["live", "--binance-url", "wss://fstream.binance.com/stream", "--duration", "1s"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Feeds:Binance:Url", error);
        Assert.Contains("retired on 2026-04-23", error);
        Assert.Contains("/market/stream", error);
    }

    [Fact]
    public async Task UnknownVenue_ExitsWithUsageCode_NamingTheVenuesOption()
    {
        var (code, error) = await InvokeAsync(["live", "--venues", "binance,foo", "--duration", "1s"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--venues", error);
        Assert.Contains("'foo'", error);
    }

    [Fact]
    public async Task BadDuration_ExitsWithUsageCode_NamingTheDurationOption()
    {
        var (code, error) = await InvokeAsync(["record", "--duration", "soon"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--duration", error);
    }

    [Fact]
    public async Task LiveWithDurationAndRecord_WarmsUpConnectsToEveryVenueStopsByItselfAndLeavesReplayableCaptures()
    {
        await using var served = await ServedMarket.StartAsync();
        string recordDir = market.NewFolder("command-record");
        string reportJson = Path.Combine(recordDir, "..", $"live-report-{Guid.NewGuid():N}.json");
        string state = Path.Combine(market.NewFolder("command-state"), "model.state");
        var args = new List<string> { "live", "--duration", "5s", "--record", recordDir, "--quiet", "--report-json", reportJson, "--state-file", state };
        foreach (var (key, value) in served.Overrides(market.Symbols))
        {
            if (key == "Feeds:Binance:Url") args.AddRange(["--binance-url", value!]);
            else if (key == "Feeds:Bybit:Url") args.AddRange(["--bybit-url", value!]);
            else if (key == "Feeds:Okx:Url") args.AddRange(["--okx-url", value!]);
        }
        args.AddRange(["--symbols", string.Join(',', market.Symbols)]);
        using var config = ConfigFile(new Dictionary<string, string>
        {
            ["Binance"] = ServedMarket.DeadRestUrl, ["Okx"] = ServedMarket.DeadRestUrl,
        });
        args.AddRange(["--config", config.Path]);

        var live = InvokeAsync([.. args]);
        using (var wait = new CancellationTokenSource(Timeout)) await served.SubscribedAsync(market.Symbols, 1, wait.Token);
        var report = await served.Server.PlayAsync(new CaptureFrameSource([market.ScenarioDirectory]), speed: 0, cancellationToken: TestContext.Current.CancellationToken).WaitAsync(Timeout, TestContext.Current.CancellationToken);
        var (code, error) = await live.WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("warming up", error);
        // The model's state, written on the clean stop: one line about it (the throw-away JIT warm-up neither reads nor writes it).
        Assert.Single(error.Split('\n'), l => l.Contains("state file"));
        Assert.Contains("none yet", error);
        var saved = LowLatencyCascade.Engine.Model.ModelState.Decode(File.ReadAllBytes(state));
        Assert.Contains(market.Symbols[0], saved.Symbols);
        Assert.True(saved.LastEventMs > 0);
        var files = CaptureReplayer.ExpandPaths([recordDir]);
        Assert.Equal(4, files.Count); // binance-market1, binance-public1, bybit-1, okx-1
        long frames = 0;
        foreach (var file in files)
        {
            using var reader = CaptureReader.Open(file, new CaptureReaderOptions { Strict = true });
            while (reader.TryRead(out var record)) if (!record.IsDisconnect) frames++;
        }
        Assert.True(frames > 0 && frames <= served.Server.FramesSent, $"{frames} frames recorded of {served.Server.FramesSent} sent");

        // --report-json: the end-of-run summary agrees with itself and with what was recorded.
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(reportJson))!;
        File.Delete(reportJson);
        Assert.Equal("live", (string?)summary["mode"]);
        long total = (long)summary["frames"]!["total"]!;
        Assert.True(total >= frames, $"{total} frames in the summary, {frames} recorded");
        Assert.Equal(total, summary["connections"]!.AsArray().Sum(c => (long)c!["frames"]!));
        var stages = summary["stages_us"]!;
        long endToEnd = (long)stages["end_to_end"]!["count"]!;
        Assert.True(endToEnd > 0);
        Assert.Equal(endToEnd, (long)stages["backlog"]!["count"]!);
        Assert.Equal(endToEnd, (long)stages["service"]!["count"]!);
        Assert.Equal((long)summary["signals_total"]!, (long)stages["publish"]!["count"]!);
        Assert.True((long)summary["memory"]!["peak_resident_bytes"]! >= (long)summary["memory"]!["resident_bytes"]!);
        Assert.True((long)summary["memory"]!["resident_bytes"]! > 0);
    }

    /// <summary>Runs the command line in-process; stderr is captured (the Live collection runs alone, so nobody else writes it meanwhile).</summary>
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

    private static TempFile ConfigFile(Dictionary<string, string> restUrls)
    {
        var file = new TempFile(Path.Combine(Path.GetTempPath(), $"cascade-live-{Guid.NewGuid():N}.json"));
        File.WriteAllText(file.Path, $$"""
            { "Feeds": { "Binance": { "RestUrl": "{{restUrls["Binance"]}}" }, "Okx": { "RestUrl": "{{restUrls["Okx"]}}" } },
              "Dashboard": { "Port": 0 }, "Model": { "WarmupSeconds": 0 } }
            """);
        return file;
    }

    private sealed class TempFile(string path) : IDisposable
    {
        public string Path { get; } = path;
        public void Dispose() => File.Delete(Path);
    }
}
