using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Hosting.Backtesting;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>A generated signal with its six component scores (the signal JSON's <c>scores</c>, in <see cref="ScoringWeights.Names"/> order).</summary>
public sealed record ScoredSignal(BacktestSignal Signal, double[] Scores)
{
    /// <summary>What else the signal's JSON said about why (<c>rationale</c>, <c>context</c>, <c>metrics</c>): for the false-run attribution.</summary>
    public SignalWhy Why { get; init; } = SignalWhy.None;
}

/// <summary>
/// The parts of a signal's rationale a backtest attributes a false alert to: the market factor (breadth damping or
/// lift), the override, the boosts, BTC's volatility multiplier, the liquidated side's share and the open-interest change.
/// </summary>
public sealed record SignalWhy(double MarketFactor, string? Override, IReadOnlyList<string> Boosts, double VolRiskMultiplier, double OiChange1m)
{
    public static SignalWhy None { get; } = new(1, null, [], 1, 0);
}
