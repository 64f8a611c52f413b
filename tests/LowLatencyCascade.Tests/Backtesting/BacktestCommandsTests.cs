using System.Text.Json;
using LowLatencyCascade.Cli;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Feeds.Simulation;
using Xunit;

namespace LowLatencyCascade.Tests.Backtesting;

/// <summary>The <c>backtest</c>, <c>fit-weights</c> and <c>calibrate</c> commands end to end on a generated, labelled capture.</summary>
public sealed class BacktestCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cascade-cmd-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly ScenarioResult _scenario;

    public BacktestCommandsTests()
    {
        _scenario = ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, "capture"), ScenarioBacktest.Scenario(401, ScenarioDifficulty.Hard, episodes: 2));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Capture => Path.GetDirectoryName(_scenario.CaptureFiles[0])!;

    [Fact]
    public async Task Backtest_writes_the_model_and_naive_reports_with_the_labels_beside_the_capture()
    {
        string json = Path.Combine(_dir, "report.json");
        int code = await Program.Main(["backtest", Capture, "--naive", "--json", json]);
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        foreach (var name in new[] { "model", "naive" })
        {
            var report = doc.RootElement.GetProperty(name);
            Assert.Equal(_scenario.Labels.Count(l => l.IsCascade), report.GetProperty("cascades").GetInt32());
            Assert.Equal(_scenario.Labels.Count(l => !l.IsCascade), report.GetProperty("bursts").GetInt32());
            Assert.Equal(4, report.GetProperty("confusion").GetArrayLength());
        }
        Assert.True(doc.RootElement.GetProperty("model").GetProperty("signals").GetInt32() > 0);
    }

    [Fact]
    public async Task A_WebSocket_port_in_the_configuration_file_starts_no_fan_out_under_backtest_or_fit_weights()
    {
        // The configured port is held here: a command that started the fan-out from the file could not bind it and
        // would fail, so success means it never tried (no wait on a listener that might come up late).
        using var held = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        held.Start();
        int port = ((System.Net.IPEndPoint)held.LocalEndpoint).Port;
        string config = Path.Combine(_dir, "ws-port.json");
        File.WriteAllText(config, "{\"WebSocket\":{\"Port\":" + port + "}}");
        Assert.Equal(ExitCodes.Success, await Program.Main(["backtest", Capture, "--config", config, "--json", Path.Combine(_dir, "ws.json")]));
        Assert.Equal(ExitCodes.Success, await Program.Main(["fit-weights", Capture, "--config", config, "--out", Path.Combine(_dir, "ws-weights.json")]));
        // Control: the same file under replay does start the fan-out on that port, and the held port stops it.
        Assert.NotEqual(ExitCodes.Success, await Program.Main(["replay", Capture, "--config", config, "--quiet"]));
    }

    [Fact]
    public async Task Backtest_of_a_missing_capture_or_label_file_exits_2()
    {
        Assert.Equal(ExitCodes.Usage, await Program.Main(["backtest", Path.Combine(_dir, "nowhere")]));
        Assert.Equal(ExitCodes.Usage, await Program.Main(["backtest", Capture, "--labels", Path.Combine(_dir, "none.jsonl")]));
    }

    [Fact]
    public async Task Fit_weights_writes_a_weights_file_the_scorer_loads()
    {
        string weights = Path.Combine(_dir, "weights.json");
        Assert.Equal(ExitCodes.Success, await Program.Main(["fit-weights", Capture, "--out", weights]));
        var loaded = ScoringWeights.Load(weights);
        Assert.Equal(1.0, loaded.Sum, 6);
        Assert.True(loaded.Velocity + loaded.Acceleration + loaded.Volume > 0, "the rate components should carry the cascades");
        // The same file drives a run: the scorer takes it through --weights.
        Assert.Equal(ExitCodes.Success, await Program.Main(["backtest", Capture, "--weights", weights, "--json", Path.Combine(_dir, "w.json")]));
    }

    [Fact]
    public async Task Calibrate_writes_per_symbol_scales_the_scorer_loads()
    {
        string file = Path.Combine(_dir, "calibration.json");
        Assert.Equal(ExitCodes.Success, await Program.Main(["calibrate", Capture, "--out", file]));
        var calibration = SymbolCalibration.Load(file);
        Assert.True(calibration.TryGet("BTCUSDT", out var btc));
        var shipped = CascadeModelOptions.Default().Baseline;
        Assert.True(btc.VelocityScale >= shipped.VelocityFloor && btc.VolumeScale >= shipped.VolumeFloorUsd);
        Assert.Equal(ExitCodes.Success, await Program.Main(["backtest", Capture, "--calibration", file, "--json", Path.Combine(_dir, "c.json")]));
        Assert.Equal(ExitCodes.Usage, await Program.Main(["calibrate", Path.Combine(_dir, "nowhere"), "--out", file]));
    }

    [Fact]
    public async Task Calibrate_writes_own_thresholds_where_the_history_supports_them_and_backtest_loads_them()
    {
        // The capture is six minutes: a one-minute warm-up (as the scenario's) and low bars for "supported".
        string config = Path.Combine(_dir, "warmup.json");
        File.WriteAllText(config, "{\"Model\":{\"WarmupSeconds\":60}}");
        string file = Path.Combine(_dir, "thresholds.json");
        Assert.Equal(ExitCodes.Success, await Program.Main(["calibrate", Capture, "--out", file, "--config", config, "--min-minutes", "3", "--min-liquidations", "30"]));
        var calibration = SymbolCalibration.Load(file);
        var own = calibration.Symbols.Where(kv => kv.Value.Thresholds is not null).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, kv => Assert.True(kv.Value.Minutes >= 3 && kv.Value.Liquidations >= 30, kv.Key));
        // Bars no symbol meets: every symbol falls back to its tier.
        string none = Path.Combine(_dir, "none.json");
        Assert.Equal(ExitCodes.Success, await Program.Main(["calibrate", Capture, "--out", none, "--config", config, "--min-minutes", "100000"]));
        Assert.All(SymbolCalibration.Load(none).Symbols.Values, e => Assert.Null(e.Thresholds));
        Assert.Equal(ExitCodes.Success, await Program.Main(["backtest", Capture, "--config", config, "--calibration", file, "--json", Path.Combine(_dir, "t.json")]));
        Assert.Equal(ExitCodes.Usage, await Program.Main(["calibrate", Capture, "--out", none, "--min-minutes", "0"]));
    }
}
