namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// One exchange connection's configuration. Endpoints are configuration, never code, so the same binary
/// talks to the venue, to a test server on 127.0.0.1 or to <c>cascade serve</c>.
/// </summary>
public sealed class FeedConnectionOptions
{
    public const int DefaultMaxFrameBytes = 1 << 20;

    /// <summary>The venue's WebSocket endpoint; the protocol adds what it needs (Binance's <c>?streams=</c>).</summary>
    public required Uri Endpoint { get; init; }

    public required FeedSubscription Subscription { get; init; }

    /// <summary>Identifies the connection in slots, health and captures.</summary>
    public int ConnectionId { get; init; }

    /// <summary>A name for logs and the dashboard (<c>binance-1</c>).</summary>
    public string Name { get; init; } = "feed";

    /// <summary>Longest a WebSocket handshake may take before the attempt counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>No data frame (pongs do not count) for this long and the connection is dropped and re-made.</summary>
    public TimeSpan SilenceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For a subscription with streams that always tick (<see cref="IVenueProtocol.HasSteadyStreams"/>): no market
    /// event for this long and the session is re-made (<see cref="DisconnectReason.StreamsStale"/>), even when other
    /// frames (acks, errors) still arrive. Health turns YELLOW after a third of it. Zero: not watched.
    /// </summary>
    public TimeSpan StaleStreamTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>First reconnect delay; it doubles per failed attempt up to <see cref="ReconnectMax"/>.</summary>
    public TimeSpan ReconnectMin { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection that stayed up this long resets the backoff to <see cref="ReconnectMin"/>.</summary>
    public TimeSpan HealthyResetAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest message accepted; a larger one is drained and counted as <c>Oversized</c>.</summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    /// <summary>
    /// Publish a <c>Gap</c> slot when this connection drops. <see cref="RedundantFeed"/> turns it off for its
    /// connections and publishes a gap only when all of them are down, since one survivor means no gap.
    /// </summary>
    public bool PublishGaps { get; init; } = true;

    /// <summary>The configuration errors, each naming its key; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != "ws" && Endpoint.Scheme != "wss"))
            errors.Add($"{nameof(Endpoint)}: '{Endpoint}' must be an absolute ws:// or wss:// URI");
        if (Subscription.Symbols.Count == 0 && !Subscription.AllMarketLiquidations)
            errors.Add($"{nameof(Subscription)}: subscribes to nothing (no symbols and no all-market liquidations)");
        if (ConnectionId < 0)
            errors.Add($"{nameof(ConnectionId)}: {ConnectionId} must not be negative");
        if (string.IsNullOrWhiteSpace(Name))
            errors.Add($"{nameof(Name)}: must not be empty");
        RequirePositive(errors, nameof(ConnectTimeout), ConnectTimeout);
        RequirePositive(errors, nameof(SilenceTimeout), SilenceTimeout);
        if (StaleStreamTimeout < TimeSpan.Zero)
            errors.Add($"{nameof(StaleStreamTimeout)}: {StaleStreamTimeout} must not be negative (zero turns the check off)");
        RequirePositive(errors, nameof(ReconnectMin), ReconnectMin);
        RequirePositive(errors, nameof(ReconnectMax), ReconnectMax);
        RequirePositive(errors, nameof(HealthyResetAfter), HealthyResetAfter);
        if (ReconnectMax < ReconnectMin)
            errors.Add($"{nameof(ReconnectMax)}: {ReconnectMax} is below {nameof(ReconnectMin)} {ReconnectMin}");
        if (MaxFrameBytes < 1024)
            errors.Add($"{nameof(MaxFrameBytes)}: {MaxFrameBytes} is below the minimum of 1024");
        return errors;
    }

    internal FeedConnectionOptions WithoutGaps() => new()
    {
        Endpoint = Endpoint, Subscription = Subscription, ConnectionId = ConnectionId, Name = Name,
        ConnectTimeout = ConnectTimeout, SilenceTimeout = SilenceTimeout, StaleStreamTimeout = StaleStreamTimeout, ReconnectMin = ReconnectMin,
        ReconnectMax = ReconnectMax, HealthyResetAfter = HealthyResetAfter, MaxFrameBytes = MaxFrameBytes,
        PublishGaps = false,
    };

    /// <summary>Throws with every error listed when the options are not usable.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new ArgumentException($"invalid feed connection options '{Name}': {string.Join("; ", errors)}");
    }

    private static void RequirePositive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) errors.Add($"{key}: {value} must be positive");
    }
}
