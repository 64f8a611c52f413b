using LowLatencyCascade.Cli.Configuration;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Feeds.Simulation;
using Xunit;

namespace LowLatencyCascade.Tests.Backtesting;

/// <summary>
/// The shipped defaults, unchanged (a 600-s warm-up included: most episodes start inside it), against varied markets
/// (<see cref="ScenarioOptions.Varied"/>: volatility shocks and one-coin bursts as decoys, per-seed rates and venue
/// shares) they were not tuned on (tuning: seeds 1-6; figures: seeds 101-110; these: 501-502), pooled per difficulty:
/// the targets, and the naive detector beaten on the same markets.
/// </summary>
public class VariedMarketsBacktestTests
{
    private static async Task<(BacktestReport Model, BacktestReport Naive)> PooledAsync(ScenarioDifficulty difficulty)
    {
        var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Dashboard:Port"] = "0" });
        var models = new List<BacktestReport>();
        var naives = new List<BacktestReport>();
        foreach (int seed in new[] { 501, 502 })
        {
            var (model, naive) = await ScenarioBacktest.RunAsync(new ScenarioOptions
            {
                Seed = seed, Difficulty = difficulty, Varied = true, Duration = TimeSpan.FromMinutes(12), CascadeEpisodes = 4,
            }, settings);
            models.Add(model);
            naives.Add(naive);
        }
        return (BacktestReport.Combine(models), BacktestReport.Combine(naives));
    }

    [Fact]
    public async Task Normal_varied_markets_meet_the_detection_and_false_alert_targets_and_beat_the_naive_detector()
    {
        var (model, naive) = await PooledAsync(ScenarioDifficulty.Normal);
        Assert.True(model.CascadeCount >= 40, $"only {model.CascadeCount} labelled cascades");
        Assert.True(model.NonCascadeBursts.Count > 0, "no decoys in a varied market");
        Assert.True(model.DetectionRate >= 0.95, $"detection {model.DetectionRate:P1}\n{model.ToText()}");
        Assert.True(model.FalsePositiveRate <= 0.05, $"false ALERT runs {model.FalsePositiveRate:P1}\n{model.ToText()}");
        Assert.True(model.DetectionRate > naive.DetectionRate, $"model {model.DetectionRate:P1} vs naive {naive.DetectionRate:P1}");
        Assert.True(model.BurstsFlagged * 10 <= model.NonCascadeBursts.Count, $"{model.BurstsFlagged}/{model.NonCascadeBursts.Count} decoys reached ALERT");
    }

    /// <summary>
    /// Hard varied markets of these seeds are harder than the reported set (busy days with weak cascades mostly inside
    /// the warm-up: 73 % detected, 13 % false ALERT runs; BENCHMARKS.md): here the model must beat the naive detector
    /// on both counts, not reach the targets.
    /// </summary>
    [Fact]
    public async Task Hard_varied_markets_beat_the_naive_detector_on_detection_and_on_false_alerts()
    {
        var (model, naive) = await PooledAsync(ScenarioDifficulty.Hard);
        Assert.True(model.DetectionRate > naive.DetectionRate, $"model {model.DetectionRate:P1} vs naive {naive.DetectionRate:P1}");
        Assert.True(model.FalsePositiveRate < naive.FalsePositiveRate, $"false: model {model.FalsePositiveRate:P1} vs naive {naive.FalsePositiveRate:P1}");
    }
}
