using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Hosting.Backtesting;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// Runs the <see cref="NaiveDetector"/> over decoded liquidations and turns its levels into backtest signals:
/// one per symbol whenever its level changes, and one per second of event time for every symbol seen, so a
/// finished burst falls back as the window slides on (as the model re-scores a symbol on its every event).
/// </summary>
public static class NaiveReplay
{
    public static IReadOnlyList<BacktestSignal> Run(IReadOnlyList<DecodedLiquidation> liquidations, NaiveDetectorOptions? options = null)
    {
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var l in liquidations) ids.TryAdd(l.Symbol, ids.Count);
        var names = ids.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        var detector = new NaiveDetector(Math.Max(1, names.Length), options);
        var last = new SignalLevel[names.Length];
        var seen = new bool[names.Length];
        var signals = new List<BacktestSignal>();
        long sweptSecond = long.MinValue;
        foreach (var l in liquidations)
        {
            long second = l.TimeMs / 1000;
            if (sweptSecond != long.MinValue)
            {
                // Each whole second passed: every symbol seen so far is re-read at that second.
                for (long s = sweptSecond + 1; s <= second && s <= sweptSecond + 120; s++)
                {
                    for (int id = 0; id < names.Length; id++)
                    {
                        if (!seen[id]) continue;
                        var level = detector.Level(id, s * 1000);
                        signals.Add(new BacktestSignal(names[id], s * 1000, level, 0));
                        last[id] = level;
                    }
                }
            }
            sweptSecond = second;
            int symbol = ids[l.Symbol];
            seen[symbol] = true;
            detector.OnLiquidation(symbol, l.TimeMs, l.NotionalUsd);
            var now = detector.Level(symbol);
            if (now != last[symbol])
            {
                signals.Add(new BacktestSignal(names[symbol], l.TimeMs, now, 0));
                last[symbol] = now;
            }
        }
        return signals;
    }
}
