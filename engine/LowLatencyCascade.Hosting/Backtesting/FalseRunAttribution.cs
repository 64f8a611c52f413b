using LowLatencyCascade.Feeds.Simulation;
using System.Globalization;
using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Hosting.Backtesting;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// One false ALERT run (a symbol's maximal run of signals at ALERT or above that overlaps none of its cascades, as
/// <see cref="Backtester"/> counts them) and what carried it: read at the run's first signal (the one that crossed the
/// threshold), the largest weighted component, or the override that set the level; the market factor (breadth: below 1
/// damps, above 1 lifts), BTC's volatility multiplier, the boosts, the open-interest change; and what the market was
/// doing: a labelled decoy of the symbol (a one-coin burst, a market-wide volatility shock), another symbol's cascade
/// within a minute, or nothing labelled.
/// </summary>
public sealed record FalseRun(string Capture, string Symbol, long FromMs, long ToMs, SignalLevel MaxLevel, double Probability,
    string Carrier, double MarketFactor, double VolRiskMultiplier, IReadOnlyList<string> Boosts, double OiChange1m, string Context);

public static class FalseRunAttribution
{
    /// <summary>The false ALERT+ runs of one capture's signals against its labels.</summary>
    public static IReadOnlyList<FalseRun> Find(string capture, IReadOnlyList<ScoredSignal> signals, IReadOnlyList<CascadeLabel> labels,
        ScoringWeights weights, double alertThreshold = 0.5, BacktestOptions? options = null)
    {
        options ??= new BacktestOptions();
        long margin = (long)options.PreStartMargin.TotalMilliseconds;
        var normalized = weights.Normalize();
        double[] w = [normalized.Velocity, normalized.Acceleration, normalized.Volume, normalized.OiChange, normalized.Funding, normalized.Volatility];
        var cascades = labels.Where(l => l.IsCascade).ToList();
        var decoys = labels.Where(l => !l.IsCascade).ToList();
        // A decoy labelled on many symbols at once (same episode number) is market-wide: a volatility shock.
        var decoyBreadth = decoys.GroupBy(l => l.Episode).ToDictionary(g => g.Key, g => g.Count());
        var runs = new List<FalseRun>();
        foreach (var group in signals.Select((s, i) => (s, i)).GroupBy(x => x.s.Signal.Symbol, StringComparer.OrdinalIgnoreCase))
        {
            var series = group.OrderBy(x => x.s.Signal.EventTimeMs).ThenBy(x => x.i).Select(x => x.s).ToArray();
            int start = -1;
            for (int i = 0; i <= series.Length; i++)
            {
                bool above = i < series.Length && series[i].Signal.Level >= options.DetectionLevel;
                if (above && start < 0) start = i;
                if (above || start < 0) continue;
                var run = series.AsSpan(start, i - start);
                start = -1;
                long from = run[0].Signal.EventTimeMs, to = run[^1].Signal.EventTimeMs;
                string symbol = group.Key;
                if (cascades.Any(c => Same(c.Symbol, symbol) && from <= c.EndMs && to >= c.StartMs - margin)) continue;
                var first = run[0];
                var max = SignalLevel.None;
                double p = 0;
                foreach (var s in run) { if (s.Signal.Level > max) max = s.Signal.Level; p = Math.Max(p, s.Signal.Probability); }
                // The largest weighted component; an override only when the probability alone was below ALERT's threshold.
                int best = 0;
                for (int k = 1; k < ScoringWeights.Count; k++) if (w[k] * first.Scores[k] > w[best] * first.Scores[best]) best = k;
                string carrier = first.Why.Override is { } o && o != "hold" && o != "warmup_cap" && first.Signal.Probability < alertThreshold
                    ? "override:" + o : ScoringWeights.Names[best];
                string context;
                var decoy = decoys.FirstOrDefault(d => Same(d.Symbol, symbol) && from <= d.EndMs + 5_000 && to >= d.StartMs - margin);
                if (decoy is not null) context = decoyBreadth[decoy.Episode] > 1 ? "vol_shock" : "one_coin_burst";
                else if (cascades.Any(c => from <= c.EndMs + 60_000 && to >= c.StartMs - 60_000)) context = "near_other_cascade";
                else context = "unlabelled";
                runs.Add(new FalseRun(capture, symbol, from, to, max, p, carrier, first.Why.MarketFactor, first.Why.VolRiskMultiplier,
                    first.Why.Boosts, first.Why.OiChange1m, context));
            }
        }
        return [.. runs.OrderBy(r => r.FromMs)];
    }

    /// <summary>Counts by carrier and by context, then one line per run.</summary>
    public static string ToText(IReadOnlyList<FalseRun> runs, bool perRun = true)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"false ALERT runs: {runs.Count}");
        if (runs.Count == 0) return text.ToString();
        text.AppendLine("  carried by: " + string.Join(", ", runs.GroupBy(r => r.Carrier).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        text.AppendLine("  during:     " + string.Join(", ", runs.GroupBy(r => r.Context).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
        text.AppendLine(inv, $"  market factor > 1 (breadth lift): {runs.Count(r => r.MarketFactor > 1)}, vol multiplier > 1.05: {runs.Count(r => r.VolRiskMultiplier > 1.05)}, boosted: {runs.Count(r => r.Boosts.Count > 0)}, open interest falling (< -0.5 %/min): {runs.Count(r => r.OiChange1m < -0.005)}");
        if (!perRun) return text.ToString();
        foreach (var r in runs)
        {
            text.AppendLine(inv, $"  {r.Capture,-10} {r.Symbol,-10} {CaptureTime(r.FromMs)} {(r.ToMs - r.FromMs) / 1000.0,5:0.0} s max {SignalLevels.Name(r.MaxLevel),-8} p {r.Probability:0.00} by {r.Carrier,-12} factor {r.MarketFactor:0.00} vol {r.VolRiskMultiplier:0.00} oi {r.OiChange1m:P2} {(r.Boosts.Count > 0 ? "boosts " + string.Join('+', r.Boosts) + " " : "")}during {r.Context}");
        }
        return text.ToString();
    }

    private static string CaptureTime(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
