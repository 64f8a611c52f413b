namespace LowLatencyCascade.Feeds.Health;

/// <summary>The plan's (P1.2) data quality thresholds.</summary>
public sealed record DataQualityThresholds
{
    /// <summary>A spread wider than this share of the mid price is a wide spread (5 %).</summary>
    public double MaxSpreadRatio { get; init; } = 0.05;

    /// <summary>Data older than this is stale (30 s).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Issues kept for the dashboard (the plan's 1000-issue history).</summary>
    public int HistoryCapacity { get; init; } = 1000;
}
