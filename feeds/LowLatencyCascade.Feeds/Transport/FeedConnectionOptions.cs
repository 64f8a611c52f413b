namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// One exchange connection's configuration. Endpoints are configuration, never code, so the same binary
/// talks to the venue, to a test server on 127.0.0.1 or to <c>cascade serve</c>.
/// </summary>
public sealed class FeedConnectionOptions
{
    // The defaults, written once: the host's Feeds configuration section (FeedSettings) starts from these too.
    public const int DefaultMaxFrameBytes = 1 << 20;
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultSilenceTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultStaleStreamTimeout = TimeSpan.FromSeconds(15);
    /// <summary>500 ms, what <c>cascade live</c> has always used (this type said 250 ms for its direct users).</summary>
    public static readonly TimeSpan DefaultReconnectMin = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultReconnectMax = TimeSpan.FromSeconds(30);

    /// <summary>The venue's WebSocket endpoint; the protocol adds what it needs (Binance's <c>?streams=</c>).</summary>
    public required Uri Endpoint { get; init; }

    public required FeedSubscription Subscription { get; init; }

    /// <summary>Identifies the connection in slots, health and captures.</summary>
    public int ConnectionId { get; init; }

    /// <summary>A name for logs and the dashboard (<c>binance-1</c>).</summary>
    public string Name { get; init; } = "feed";

    /// <summary>Longest a WebSocket handshake may take before the attempt counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>No data frame (pongs do not count) for this long and the connection is dropped and re-made.</summary>
    public TimeSpan SilenceTimeout { get; init; } = DefaultSilenceTimeout;

    /// <summary>
    /// For a subscription with streams that always tick (<see cref="IVenueProtocol.HasSteadyStreams"/>): no market
    /// event for this long and the session is re-made (<see cref="DisconnectReason.StreamsStale"/>), even when other
    /// frames (acks, errors) still arrive. Health turns YELLOW after a third of it. Zero: not watched.
    /// </summary>
    public TimeSpan StaleStreamTimeout { get; init; } = DefaultStaleStreamTimeout;

    /// <summary>First reconnect delay; it doubles per failed attempt up to <see cref="ReconnectMax"/>.</summary>
    public TimeSpan ReconnectMin { get; init; } = DefaultReconnectMin;

    public TimeSpan ReconnectMax { get; init; } = DefaultReconnectMax;

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
        ValidateLimits(errors, "", ConnectTimeout, SilenceTimeout, StaleStreamTimeout, ReconnectMin, ReconnectMax, MaxFrameBytes);
        RequirePositive(errors, nameof(HealthyResetAfter), HealthyResetAfter);
        return errors;
    }

    /// <summary>
    /// The rules for the limits every connection shares, in one place: this type's <see cref="Validate"/> and the
    /// host's <c>Feeds</c> configuration section (<paramref name="prefix"/> <c>Feeds:</c>) both apply them.
    /// </summary>
    public static void ValidateLimits(List<string> errors, string prefix, TimeSpan connectTimeout, TimeSpan silenceTimeout,
        TimeSpan staleStreamTimeout, TimeSpan reconnectMin, TimeSpan reconnectMax, int maxFrameBytes)
    {
        RequirePositive(errors, prefix + nameof(ConnectTimeout), connectTimeout);
        RequirePositive(errors, prefix + nameof(SilenceTimeout), silenceTimeout);
        if (staleStreamTimeout < TimeSpan.Zero)
            errors.Add($"{prefix}{nameof(StaleStreamTimeout)}: {staleStreamTimeout} must not be negative (zero turns the check off)");
        RequirePositive(errors, prefix + nameof(ReconnectMin), reconnectMin);
        RequirePositive(errors, prefix + nameof(ReconnectMax), reconnectMax);
        if (reconnectMax < reconnectMin)
            errors.Add($"{prefix}{nameof(ReconnectMax)}: {reconnectMax} is below {prefix}{nameof(ReconnectMin)} {reconnectMin}");
        if (maxFrameBytes < 1024)
            errors.Add($"{prefix}{nameof(MaxFrameBytes)}: {maxFrameBytes} is below the minimum of 1024");
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
