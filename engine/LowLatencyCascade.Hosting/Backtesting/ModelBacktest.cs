using LowLatencyCascade.Feeds.Simulation;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Hosting.Backtesting;
using LowLatencyCascade.Feeds.Capture;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// The model's side of a backtest: the captures through the same host, ring, stages and publisher as
/// <c>replay</c> (<see cref="ReplayRun"/>), every generated signal kept with its component scores.
/// </summary>
public static class ModelBacktest
{
    public static async Task<IReadOnlyList<ScoredSignal>> RunAsync(CascadeSettings settings, IReadOnlyList<string> captures,
        TextWriter? console = null, CancellationToken cancellationToken = default, ReadOnlyMemory<byte> dashboardPage = default)
    {
        var collector = new ScoreCollector();
        var result = await ReplayRun.RunAsync(settings, captures,
            new HostRunOptions { Console = console, ExtraSinks = [collector], UseStateFile = false, DashboardPage = dashboardPage },
            new CaptureReplayOptions(), host => collector.Bind(host.Symbols), cancellationToken).ConfigureAwait(false);
        if (result.Capture.Cancelled) throw new OperationCanceledException(cancellationToken);
        return collector.Signals();
    }

    /// <summary>
    /// Fitting samples: each signal's scores, positive when it lies inside [start, peak] of a labelled cascade of
    /// its symbol (where a warning is worth something). Signals between a cascade's peak and its end are left
    /// out: they are neither the build-up to learn nor a quiet market.
    /// </summary>
    public static IEnumerable<WeightSample> Samples(IEnumerable<ScoredSignal> signals, IReadOnlyList<CascadeLabel> labels)
    {
        var cascades = labels.Where(l => l.IsCascade).GroupBy(l => l.Symbol, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
        foreach (var s in signals)
        {
            long t = s.Signal.EventTimeMs;
            var list = cascades.GetValueOrDefault(s.Signal.Symbol, []);
            if (list.Any(l => t > l.PeakMs && t <= l.EndMs)) continue;
            bool inside = list.Any(l => t >= l.StartMs && t <= l.PeakMs);
            yield return new WeightSample(s.Scores, inside);
        }
    }
}
