using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// Per-symbol level thresholds for <c>cascade calibrate</c> (plan P1.1), where the symbol's history supports them.
/// <para>
/// <b>Supports</b>: at least <see cref="MinMinutes"/> distinct minutes with a liquidation of the symbol, at least
/// <see cref="MinLiquidations"/> liquidations, and at least <see cref="MinScoredSeconds"/> seconds in which the model
/// scored the symbol after its warm-up. A symbol short of any of them gets no thresholds in the file and falls back
/// to its tier's (<c>Model:Priors:&lt;Tier&gt;:Thresholds</c>, else <c>Model:Thresholds</c>).
/// </para>
/// <para>
/// <b>Derivation</b>: the captures are replayed through the model (with the calibrated scales); the symbol's
/// <i>usual level</i> is the <see cref="Quantile"/> of its per-second highest probability over the seconds it was
/// scored after the warm-up. Its thresholds are its tier's, all moved by
/// <c>clamp(usual + Margin − tier WATCH, −MaxLower, +MaxRaise)</c> (each kept in (0, 1]): a coin whose ordinary
/// seconds already sit near WATCH needs more to reach each level; a calm one slightly less. The moves are bounded so a
/// history that holds a cascade or a thin one cannot move a symbol far from its tier.
/// </para>
/// </summary>
public sealed class ThresholdCalibrator(CascadeModelOptions model)
{
    public int MinMinutes { get; init; } = 30;
    public int MinLiquidations { get; init; } = 50;
    public int MinScoredSeconds { get; init; } = 30;
    public double Quantile { get; init; } = 0.95;
    public double Margin { get; init; } = 0.05;
    public double MaxRaise { get; init; } = 0.10;
    public double MaxLower { get; init; } = 0.05;

    /// <summary>What became of one symbol: its own thresholds, or why it falls back to its tier.</summary>
    public sealed record Outcome(string Symbol, string Tier, bool Own, string Why);

    /// <summary>
    /// Writes <c>minutes</c>, <c>liquidations</c> and, where supported, <c>thresholds</c> into the entries of
    /// <paramref name="calibration"/> (symbols with liquidations but no entry get one, scales 0 = not calibrated).
    /// </summary>
    public IReadOnlyList<Outcome> Apply(SymbolCalibration calibration, IReadOnlyList<DecodedLiquidation> liquidations, IEnumerable<BacktestSignal> signals)
    {
        var tiers = new SymbolPriors(model.Priors);
        var outcomes = new List<Outcome>();
        var signalList = signals as IReadOnlyList<BacktestSignal> ?? signals.ToList();
        long warmFrom = signalList.Count == 0 ? long.MaxValue : signalList.Min(s => s.EventTimeMs) + (long)Math.Round(model.WarmupSeconds * 1000);
        var perSecond = signalList.Where(s => s.EventTimeMs >= warmFrom)
            .GroupBy(s => s.Symbol, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.GroupBy(s => s.EventTimeMs / 1000).Select(sec => sec.Max(s => s.Probability)).Order().ToArray(), StringComparer.OrdinalIgnoreCase);
        foreach (var group in liquidations.GroupBy(l => l.Symbol, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            string symbol = group.Key;
            int minutes = group.Select(l => l.TimeMs / 60_000).Distinct().Count();
            int count = group.Count();
            if (!calibration.TryGet(symbol, out var entry))
            {
                entry = new SymbolCalibration.Entry();
                calibration.Symbols[symbol] = entry;
            }
            entry.Minutes = minutes;
            entry.Liquidations = count;
            entry.Thresholds = null;
            var tier = tiers.TierOf(symbol);
            string tierName = tiers.TierNameOf(symbol);
            var seconds = perSecond.GetValueOrDefault(symbol, []);
            string? shortOf = minutes < MinMinutes ? $"{minutes} of {MinMinutes} minutes"
                : count < MinLiquidations ? $"{count} of {MinLiquidations} liquidations"
                : seconds.Length < MinScoredSeconds ? $"{seconds.Length} of {MinScoredSeconds} scored seconds after the warm-up"
                : null;
            if (shortOf is not null)
            {
                outcomes.Add(new Outcome(symbol, tierName, false, shortOf));
                continue;
            }
            var baseThresholds = tier.Thresholds ?? model.Thresholds;
            double usual = seconds[Math.Clamp((int)Math.Ceiling(Quantile * seconds.Length) - 1, 0, seconds.Length - 1)];
            double offset = Math.Clamp(usual + Margin - baseThresholds.Watch, -MaxLower, MaxRaise);
            entry.Thresholds = SymbolCalibration.Levels.From(baseThresholds.Shifted(offset));
            outcomes.Add(new Outcome(symbol, tierName, true, FormattableString.Invariant($"usual level {usual:F3} ({minutes} minutes, {count} liquidations): {offset:+0.000;-0.000} from the tier")));
        }
        return outcomes;
    }
}
