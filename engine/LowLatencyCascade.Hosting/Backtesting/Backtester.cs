using LowLatencyCascade.Feeds.Simulation;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// Scores a replay's signals against labelled episodes, as the spec's backtesting section asks: detection rate,
/// lead time before the peak, false-positive rate, and a confusion table per level.
/// <list type="bullet">
/// <item>A cascade is <i>detected</i> when its symbol has a signal at or above the detection level (ALERT)
/// between its start minus <see cref="BacktestOptions.PreStartMargin"/> and its end. Lead time is the peak minus
/// the first such signal (negative when the warning came after the peak; kept, so late detectors are not flattered).</item>
/// <item>A <i>signal episode</i> at a level is a maximal run of one symbol's consecutive signals at or above it
/// (a signal below the level ends the run). It is a false positive when it overlaps no cascade window of its
/// symbol. The false-positive rate is false-positive episodes over all episodes at the detection level.</item>
/// <item>Labelled non-cascade bursts do not excuse a signal: episodes on them are false positives, and the
/// report counts how many bursts were flagged.</item>
/// </list>
/// Symbols are matched case-insensitively.
/// </summary>
public sealed class Backtester(BacktestOptions? options = null)
{
    private readonly BacktestOptions _options = options ?? new BacktestOptions();

    public BacktestReport Run(IEnumerable<BacktestSignal> signals, IEnumerable<CascadeLabel> labels)
    {
        long margin = (long)_options.PreStartMargin.TotalMilliseconds;
        var bySymbol = signals
            .Select((s, i) => (Signal: s, Order: i))
            .GroupBy(x => x.Signal.Symbol, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Signal.EventTimeMs).ThenBy(x => x.Order).Select(x => x.Signal).ToArray(),
                StringComparer.OrdinalIgnoreCase);
        int signalCount = bySymbol.Values.Sum(a => a.Length);
        var labelList = labels.ToList();
        var cascades = labelList.Where(l => l.IsCascade).ToList();

        var cascadeOutcomes = cascades.Select(l => Outcome(l, bySymbol, margin)).ToList();
        var burstOutcomes = labelList.Where(l => !l.IsCascade).Select(l => Outcome(l, bySymbol, margin)).ToList();

        var rows = new List<LevelConfusion>();
        for (var level = SignalLevel.Watch; level <= SignalLevel.Extreme; level++)
        {
            int inside = 0, outside = 0;
            foreach (var (symbol, series) in bySymbol)
            {
                foreach (var (from, to) in Runs(series, level))
                {
                    bool overlaps = cascades.Any(c => string.Equals(c.Symbol, symbol, StringComparison.OrdinalIgnoreCase)
                        && from <= c.EndMs && to >= c.StartMs - margin);
                    if (overlaps) inside++;
                    else outside++;
                }
            }
            int reached = cascadeOutcomes.Count(o => o.MaxLevel >= level);
            rows.Add(new LevelConfusion(level, inside, outside, reached, cascadeOutcomes.Count - reached));
        }
        return new BacktestReport(cascadeOutcomes, burstOutcomes, rows, _options.DetectionLevel, signalCount);
    }

    private EpisodeOutcome Outcome(CascadeLabel label, Dictionary<string, BacktestSignal[]> bySymbol, long margin)
    {
        if (!bySymbol.TryGetValue(label.Symbol, out var series)) return new EpisodeOutcome(label, SignalLevel.None, null);
        var max = SignalLevel.None;
        long? first = null;
        foreach (var s in series)
        {
            if (s.EventTimeMs < label.StartMs - margin) continue;
            if (s.EventTimeMs > label.EndMs) break;
            if (s.Level > max) max = s.Level;
            if (first is null && s.Level >= _options.DetectionLevel) first = s.EventTimeMs;
        }
        return new EpisodeOutcome(label, max, first);
    }

    /// <summary>Maximal runs of consecutive signals at or above <paramref name="level"/>, as (first time, last time).</summary>
    private static IEnumerable<(long From, long To)> Runs(BacktestSignal[] series, SignalLevel level)
    {
        long from = 0, to = 0;
        bool open = false;
        foreach (var s in series)
        {
            if (s.Level >= level)
            {
                if (!open) { from = s.EventTimeMs; open = true; }
                to = s.EventTimeMs;
            }
            else if (open)
            {
                yield return (from, to);
                open = false;
            }
        }
        if (open) yield return (from, to);
    }
}
