using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Feeds.Simulation;
using LowLatencyCascade.Tests.Backtesting;
using Xunit;

namespace LowLatencyCascade.Tests.Simulation;

/// <summary>
/// What makes a hard market hard, measured on the decoded capture: busier baselines, weak cascades (every
/// other episode), and one-coin bursts labelled as no cascade, in quiet time away from every cascade.
/// </summary>
public sealed class HardScenarioFeaturesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"cascade-hard-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private (ScenarioResult Result, IReadOnlyList<DecodedLiquidation> Liquidations) Generate(ScenarioDifficulty difficulty)
    {
        var result = ScenarioGenerator.GenerateToDirectory(Path.Combine(_dir, difficulty.ToString()), ScenarioBacktest.Scenario(11, difficulty, episodes: 4));
        return (result, CaptureLiquidations.Read(result.CaptureFiles));
    }

    // Liquidations per second (all symbols) in the seconds no label window (widened by 30 s) touches.
    private static double RateOutsideLabels(ScenarioResult r, IReadOnlyList<DecodedLiquidation> l)
    {
        long first = l.Min(x => x.TimeMs) / 1000, last = l.Max(x => x.TimeMs) / 1000;
        var busy = new bool[last - first + 1];
        foreach (var label in r.Labels)
            for (long s = Math.Max(first, (label.StartMs - 30_000) / 1000); s <= Math.Min(last, (label.EndMs + 30_000) / 1000); s++) busy[s - first] = true;
        int count = l.Count(x => !busy[x.TimeMs / 1000 - first]);
        return count / (double)Math.Max(1, busy.Count(b => !b));
    }

    [Fact]
    public void Hard_markets_have_busier_baselines_weak_cascades_and_isolated_bursts()
    {
        var (normal, normalLiquidations) = Generate(ScenarioDifficulty.Normal);
        var (hard, hardLiquidations) = Generate(ScenarioDifficulty.Hard);

        double normalBase = RateOutsideLabels(normal, normalLiquidations), hardBase = RateOutsideLabels(hard, hardLiquidations);
        Assert.True(hardBase > 1.5 * normalBase, $"baseline {hardBase:F3}/s hard vs {normalBase:F3}/s normal");

        // Liquidations per second inside each episode's windows: the weak (even) episodes far below the strong ones.
        double EpisodeRate(int episode)
        {
            var labels = hard.Labels.Where(x => x.IsCascade && x.Episode == episode).ToList();
            int n = hardLiquidations.Count(x => labels.Any(w => string.Equals(w.Symbol, x.Symbol, StringComparison.OrdinalIgnoreCase) && x.TimeMs >= w.StartMs && x.TimeMs <= w.EndMs));
            return n / labels.Sum(w => (w.EndMs - w.StartMs) / 1000.0);
        }
        double strong = (EpisodeRate(1) + EpisodeRate(3)) / 2, weak = (EpisodeRate(2) + EpisodeRate(4)) / 2;
        Assert.True(weak < 0.5 * strong, $"weak {weak:F2}/s vs strong {strong:F2}/s");
        Assert.True(weak > 3 * hardBase / 9, $"a weak cascade is still a cascade: {weak:F2}/s per symbol vs baseline {hardBase / 9:F3}/s per symbol");

        var bursts = hard.Labels.Where(x => !x.IsCascade).ToList();
        Assert.NotEmpty(bursts);
        Assert.DoesNotContain(normal.Labels, x => !x.IsCascade);
        foreach (var b in bursts)
        {
            // Away from every cascade, of any symbol...
            Assert.DoesNotContain(hard.Labels, c => c.IsCascade && c.StartMs - 10_000 <= b.EndMs && c.EndMs + 10_000 >= b.StartMs);
            // ...and a real burst: its coin far above its own quiet rate.
            int inBurst = hardLiquidations.Count(x => x.Symbol == b.Symbol && x.TimeMs >= b.StartMs && x.TimeMs <= b.EndMs);
            Assert.True(inBurst / ((b.EndMs - b.StartMs) / 1000.0) > 1.0, $"{b.Symbol} burst: {inBurst} liquidations");
        }
    }
}
