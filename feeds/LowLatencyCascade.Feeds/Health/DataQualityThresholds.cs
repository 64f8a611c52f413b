using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Health;

/// <summary>The plan's (P1.2) data quality thresholds.</summary>
public sealed record DataQualityThresholds
{
    /// <summary>A spread wider than this share of the mid price is a wide spread (5 %).</summary>
    public double MaxSpreadRatio { get; init; } = 0.05;

    /// <summary>Data older than this is stale (30 s).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A book side with fewer levels than this is insufficient depth (the plan's 5).</summary>
    public int MinDepthLevels { get; init; } = BookDepth.MinLevels;

    /// <summary>Issues kept for the dashboard (the plan's 1000-issue history).</summary>
    public int HistoryCapacity { get; init; } = 1000;
}
