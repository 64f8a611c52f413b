namespace LowLatencyCascade.Feeds.Health;

/// <summary>The feed plan's (P1.2) connection health thresholds, under its names.</summary>
public sealed record HealthThresholds
{
    /// <summary>Average latency at or above this is YELLOW.</summary>
    public double LatencyWarningMs { get; init; } = 200;

    /// <summary>Average latency at or above this is RED.</summary>
    public double LatencyCriticalMs { get; init; } = 500;

    /// <summary>Fewer messages per second than this is YELLOW.</summary>
    public double MinMessageRate { get; init; } = 1.0;

    /// <summary>Connected for less than this share of the time since start is YELLOW.</summary>
    public double MinUptimeRatio { get; init; } = 0.95;

    /// <summary>Connected but no message for this long is RED (set it to the connection's silence timeout).</summary>
    public TimeSpan SilenceThreshold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For a connection whose streams always tick (<see cref="IVenueProtocol.HasSteadyStreams"/>): no market event for
    /// this long is RED (<see cref="HealthCause.StreamsStale"/>), a third of it YELLOW. Zero: not watched.
    /// </summary>
    public TimeSpan StaleStreamThreshold { get; init; } = TimeSpan.Zero;

    /// <summary>The message rate is averaged over this window (whole seconds, at most 60).</summary>
    public int MessageRateWindowSeconds { get; init; } = 10;

    /// <summary>Latency is the rolling average of this many samples (the plan's 100-point history).</summary>
    public int LatencySamples { get; init; } = 100;
}
