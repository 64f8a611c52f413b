namespace LowLatencyCascade.Feeds.Health;

/// <summary>A connection's health at one moment, for the dashboard, logs and failover decisions.</summary>
public sealed record HealthSnapshot(
    int ConnectionId,
    string Name,
    HealthStatus Status,
    HealthCause Cause,
    bool Connected,
    /// <summary>Rolling average of receive time minus exchange time over the last samples; 0 without samples.</summary>
    double AverageLatencyMs,
    int LatencySamples,
    double MessagesPerSecond,
    long Messages,
    /// <summary>Connections lost after having been up.</summary>
    long Drops,
    long ReconnectAttempts,
    /// <summary>Share of the time since start that the connection was up, 0..1.</summary>
    double UptimeRatio,
    /// <summary>Seconds since the last message, or since connecting when none came yet; -1 when disconnected.</summary>
    double SecondsSinceLastMessage,
    /// <summary>Seconds since the last market event (liquidation, trade, book, mark price, open interest), or since connecting; -1 when disconnected.</summary>
    double SecondsSinceLastEvent = -1,
    /// <summary>Sessions re-made because their steady streams went stale while the socket stayed open.</summary>
    long StaleStreamResets = 0);
