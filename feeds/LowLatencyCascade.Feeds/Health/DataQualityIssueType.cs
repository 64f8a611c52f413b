namespace LowLatencyCascade.Feeds.Health;

/// <summary>What is wrong with a symbol's data. Values index counters.</summary>
public enum DataQualityIssueType : byte
{
    /// <summary>Best bid at or above best ask (CRITICAL).</summary>
    CrossedBook = 0,
    /// <summary>Spread wider than the threshold, 5 % of the mid price (HIGH).</summary>
    WideSpread = 1,
    /// <summary>Data older than the threshold, 30 s, when it arrives or since the last update (MEDIUM).</summary>
    StaleData = 2,
    /// <summary>A book with fewer than 5 levels on a side (the plan's P1.2 depth check) (MEDIUM).</summary>
    InsufficientDepth = 3,
}
