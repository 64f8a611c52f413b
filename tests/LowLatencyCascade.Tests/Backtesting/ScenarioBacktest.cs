using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Tests.Backtesting;

/// <summary>
/// Generates a labelled scenario into a temporary folder and backtests it: the model through the real pipeline
/// (<see cref="ModelBacktest"/>, i.e. <c>ReplayRun</c>), the naive detector on the same decoded liquidations.
/// </summary>
internal static class ScenarioBacktest
{
    /// <summary>A few minutes of market: one minute of warm-up, then an episode every two and a half minutes.</summary>
    public static ScenarioOptions Scenario(int seed, ScenarioDifficulty difficulty, int episodes = 3) => new()
    {
        Seed = seed,
        Difficulty = difficulty,
        Duration = TimeSpan.FromSeconds(60 + 150 * episodes),
        QuietStart = TimeSpan.FromMinutes(1),
        CascadeEpisodes = episodes,
    };

    /// <summary>The shipped defaults, with the warm-up fitted to the scenario's quiet first minute and no dashboard.</summary>
    public static CascadeSettings Settings(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Model:WarmupSeconds"] = "60",
            ["Dashboard:Port"] = "0",
        };
        if (extra is not null) foreach (var kv in extra) overrides[kv.Key] = kv.Value;
        return SettingsLoader.Load(null, overrides);
    }

    public static async Task<(BacktestReport Model, BacktestReport Naive)> RunAsync(ScenarioOptions scenario, CascadeSettings settings)
    {
        var (model, naive, _) = await RunWithSignalsAsync(scenario, settings);
        return (model, naive);
    }

    public static async Task<(BacktestReport Model, BacktestReport Naive, IReadOnlyList<ScoredSignal> Signals)> RunWithSignalsAsync(ScenarioOptions scenario, CascadeSettings settings)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"cascade-bt-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var generated = ScenarioGenerator.GenerateToDirectory(dir, scenario);
            var signals = await ModelBacktest.RunAsync(settings, generated.CaptureFiles);
            var backtester = new Backtester();
            var model = backtester.Run(signals.Select(s => s.Signal), generated.Labels);
            var naive = backtester.Run(NaiveReplay.Run(CaptureLiquidations.Read(generated.CaptureFiles)), generated.Labels);
            return (model, naive, signals);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
