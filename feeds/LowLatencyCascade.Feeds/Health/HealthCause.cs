namespace LowLatencyCascade.Feeds.Health;

/// <summary>Why a connection is not <see cref="HealthStatus.Green"/> (the first rule that failed, worst first).</summary>
public enum HealthCause : byte
{
    None = 0,
    /// <summary>RED: the socket is down (or was never up).</summary>
    Disconnected = 1,
    /// <summary>RED: connected but no message within the silence threshold.</summary>
    Silent = 2,
    /// <summary>RED: average exchange-to-local latency at or above the critical threshold.</summary>
    LatencyCritical = 3,
    /// <summary>YELLOW: average latency at or above the warning threshold.</summary>
    LatencyWarning = 4,
    /// <summary>YELLOW: fewer messages per second than the minimum.</summary>
    LowMessageRate = 5,
    /// <summary>YELLOW: connected for less than the minimum share of the time since start.</summary>
    LowUptime = 6,
    /// <summary>
    /// Connected, frames may even arrive (acks, errors), but the streams that always tick (mark price, book
    /// tickers) delivered no market event: YELLOW after a third of the stale-stream threshold, RED after all of it.
    /// </summary>
    StreamsStale = 7,
}
