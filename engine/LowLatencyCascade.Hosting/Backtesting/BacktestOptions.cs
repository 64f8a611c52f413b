using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Hosting.Backtesting;

public sealed record BacktestOptions
{
    /// <summary>
    /// How long before a labelled start a signal still counts for the episode (10 s by default): a detector
    /// that sees the first liquidations of a cascade a moment before the labeller's start is right, not
    /// a false positive.
    /// </summary>
    public TimeSpan PreStartMargin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The level that counts as a detection (the spec's ALERT: "cascade forming").</summary>
    public SignalLevel DetectionLevel { get; init; } = SignalLevel.Alert;
}
