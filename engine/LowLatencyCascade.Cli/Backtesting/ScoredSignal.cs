using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Feeds.Backtest;

namespace LowLatencyCascade.Cli.Backtesting;

/// <summary>A generated signal with its six component scores (the signal JSON's <c>scores</c>, in <see cref="ScoringWeights.Names"/> order).</summary>
public sealed record ScoredSignal(BacktestSignal Signal, double[] Scores);
