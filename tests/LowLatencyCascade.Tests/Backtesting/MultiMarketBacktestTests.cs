using System.Text.Json;
using LowLatencyCascade.Cli;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Feeds.Simulation;
using Xunit;

namespace LowLatencyCascade.Tests.Backtesting;

/// <summary>Varied generated markets, <c>generate --count</c>, <c>backtest --count</c> / several captures, and the false-run attribution.</summary>
public sealed class MultiMarketBacktestTests : IDisposable
{
    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"cascade-multi-{Environment.ProcessId}-{Guid.NewGuid():N}")).FullName;

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Varied_markets_carry_volatility_shocks_and_one_coin_bursts_as_decoys_and_differ_by_seed()
    {
        var a = ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, "a"), new ScenarioOptions { Seed = 3, Duration = TimeSpan.FromMinutes(8), CascadeEpisodes = 2, Varied = true });
        var b = ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, "b"), new ScenarioOptions { Seed = 4, Duration = TimeSpan.FromMinutes(8), CascadeEpisodes = 2, Varied = true });
        var decoys = a.Labels.Where(l => !l.IsCascade).GroupBy(l => l.Episode).ToList();
        Assert.Contains(decoys, g => g.Count() == ScenarioSymbol.Defaults.Count); // a market-wide shock: every symbol labelled
        Assert.Contains(decoys, g => g.Count() == 1);                            // a one-coin burst
        Assert.NotEqual(a.Frames, b.Frames);
        // The plain market (the demo's) has no decoys.
        var plain = ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, "plain"), new ScenarioOptions { Seed = 3, Duration = TimeSpan.FromMinutes(8), CascadeEpisodes = 2 });
        Assert.All(plain.Labels, l => Assert.True(l.IsCascade));
    }

    [Fact]
    public async Task Generate_count_writes_one_folder_per_seed_and_backtest_reads_them_back_each_and_pooled()
    {
        string root = Path.Combine(_dir, "markets");
        Assert.Equal(ExitCodes.Success, await Program.Main(["generate", root, "--count", "2", "--seed", "21", "--minutes", "4", "--episodes", "1", "--varied"]));
        Assert.True(File.Exists(Path.Combine(root, "seed-21", "labels.jsonl")));
        Assert.True(File.Exists(Path.Combine(root, "seed-22", "labels.jsonl")));

        string json = Path.Combine(_dir, "multi.json");
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        int code;
        try { code = await Program.Main(["backtest", Path.Combine(root, "seed-21"), Path.Combine(root, "seed-22"), "--naive", "--json", json, "--false-runs"]); }
        finally { Console.SetOut(original); }
        Assert.Equal(ExitCodes.Success, code);
        string text = output.ToString();
        Assert.Contains("seed-21", text);
        Assert.Contains("seed-22", text);
        Assert.Contains("per capture: detection", text);
        Assert.Contains("false ALERT runs:", text);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var captures = doc.RootElement.GetProperty("captures");
        Assert.Equal(2, captures.GetArrayLength());
        int pooled = doc.RootElement.GetProperty("model").GetProperty("cascades").GetInt32();
        Assert.Equal(pooled, captures.EnumerateArray().Sum(c => c.GetProperty("model").GetProperty("cascades").GetInt32()));
        Assert.True(captures[0].TryGetProperty("naive", out _));
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("false_runs").ValueKind);
    }

    [Fact]
    public async Task Backtest_count_generates_the_markets_itself()
    {
        string json = Path.Combine(_dir, "count.json");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int code;
        try { code = await Program.Main(["backtest", "--count", "2", "--seed", "31", "--minutes", "4", "--episodes", "1", "--hard", "--varied", "--json", json]); }
        finally { Console.SetError(original); }
        Assert.True(code == ExitCodes.Success, error.ToString());
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(2, doc.RootElement.GetProperty("captures").GetArrayLength());
        Assert.Equal("seed-31", doc.RootElement.GetProperty("captures")[0].GetProperty("capture").GetString());
    }

    [Fact]
    public async Task Backtest_without_captures_or_with_both_names_the_option()
    {
        Assert.Equal(ExitCodes.Usage, await Program.Main(["backtest"]));
        Assert.Equal(ExitCodes.Usage, await Program.Main(["backtest", _dir, "--count", "2"]));
        Assert.Equal(ExitCodes.Usage, await Program.Main(["backtest", "--count", "0"]));
        Assert.Equal(ExitCodes.Usage, await Program.Main(["generate", Path.Combine(_dir, "x"), "--count", "0"]));
    }

    [Fact]
    public void Attribution_names_the_carrying_component_and_the_decoy_it_fell_on()
    {
        var labels = new List<CascadeLabel>
        {
            new("BTCUSDT", 100_000, 110_000, 130_000, true, 1, Side.Long),
            new("LTCUSDT", 300_000, 303_000, 306_000, false, 2, Side.Short),    // a one-coin burst
            new("BTCUSDT", 500_000, 520_000, 540_000, false, 3, Side.None),     // a volatility shock ...
            new("ETHUSDT", 500_000, 520_000, 540_000, false, 3, Side.None),     // ... on every symbol
        };
        static ScoredSignal S(string symbol, long t, SignalLevel level, double p, double[] scores, string? ov = null) =>
            new(new BacktestSignal(symbol, t, level, p), scores) { Why = new SignalWhy(0.64, ov, ["nonlinear"], 5, -0.001) };
        double[] velocity = [1, 0.9, 0.5, 0, 0, 1];
        double[] oi = [0.2, 0, 0.1, 1, 0, 0.5];
        var signals = new List<ScoredSignal>
        {
            S("BTCUSDT", 105_000, SignalLevel.Alert, 0.6, velocity),            // inside the cascade: not false
            S("BTCUSDT", 106_000, SignalLevel.None, 0.1, velocity),
            S("LTCUSDT", 301_000, SignalLevel.Alert, 0.62, velocity),
            S("LTCUSDT", 302_000, SignalLevel.Extreme, 0.64, velocity, "extreme_velocity"),
            S("LTCUSDT", 310_000, SignalLevel.None, 0.1, velocity),
            S("ETHUSDT", 510_000, SignalLevel.Alert, 0.55, oi),
            S("ETHUSDT", 511_000, SignalLevel.Watch, 0.4, oi),
            S("ETHUSDT", 900_000, SignalLevel.Alert, 0.3, velocity, "critical_velocity"), // a level from the override alone
        };
        var runs = FalseRunAttribution.Find("m", signals, labels, CascadeModelOptions.Default().Weights);
        Assert.Equal(3, runs.Count);
        Assert.Equal(("LTCUSDT", "velocity", "one_coin_burst", SignalLevel.Extreme), (runs[0].Symbol, runs[0].Carrier, runs[0].Context, runs[0].MaxLevel));
        Assert.Equal(("ETHUSDT", "oi_change", "vol_shock"), (runs[1].Symbol, runs[1].Carrier, runs[1].Context));
        Assert.Equal(("override:critical_velocity", "unlabelled"), (runs[2].Carrier, runs[2].Context));
        string text = FalseRunAttribution.ToText(runs);
        Assert.Contains("carried by: ", text);
        Assert.Contains("one_coin_burst 1", text);
    }

    [Fact]
    public void Side_factor_damps_two_sided_liquidations_and_leaves_one_sided_and_thin_ones_alone()
    {
        var shipped = CascadeModelOptions.Default().Signature;
        Assert.Equal(shipped.SideFloor, shipped.SideFactor(0.5, 20), 9);      // both sides alike: the floor
        Assert.Equal(1.0, shipped.SideFactor(0.9, 20), 9);                   // a sell-off: untouched
        Assert.Equal(1.0, shipped.SideFactor(0.1, 20), 9);                   // a squeeze: untouched
        Assert.Equal(1.0, shipped.SideFactor(0.5, shipped.SideMinEvents - 1), 9); // too few to judge
        double mid = shipped.SideFactor(0.65, 20);
        Assert.True(mid > shipped.SideFloor && mid < 1);
        Assert.Equal(1.0, CascadeModelOptions.SpecPreset().Signature.SideFactor(0.5, 100), 9); // spec preset: off
        var bad = CascadeModelOptions.Default();
        bad.Signature.SideFloor = 2;
        bad.Signature.SideFullShare = 0.4;
        bad.Market.BurstMinSideShare = 1.5;
        var errors = string.Join("\n", bad.Validate());
        Assert.Contains("Signature:SideFloor", errors);
        Assert.Contains("Signature:SideFullShare", errors);
        Assert.Contains("Market:BurstMinSideShare", errors);
    }

    [Fact]
    public void Warmup_evidence_bar_falls_from_the_start_values_to_the_final_ones()
    {
        var w = CascadeModelOptions.Default().Warmup;
        Assert.Equal(w.EvidenceMultiple, w.MultipleAt(0), 9);
        Assert.Equal(w.FinalEvidenceMultiple, w.MultipleAt(1), 9);
        Assert.Equal(w.MinEvents, w.MinEventsAt(0), 9);
        Assert.Equal(w.FinalMinEvents, w.MinEventsAt(1), 9);
        Assert.True(w.MultipleAt(0.5) < w.EvidenceMultiple && w.MultipleAt(0.5) > w.FinalEvidenceMultiple);
    }
}
