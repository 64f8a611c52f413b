namespace LowLatencyCascade.Feeds.Transport;

/// <summary>Why a feed connection ended (or never started).</summary>
public enum DisconnectReason : byte
{
    /// <summary>The venue sent a close frame.</summary>
    ServerClosed = 0,
    /// <summary>The socket failed (reset, abort, protocol error).</summary>
    Error = 1,
    /// <summary>No data frame within the silence timeout.</summary>
    Silence = 2,
    /// <summary>Proactive reconnect before the venue's maximum connection lifetime.</summary>
    LifetimeExpired = 3,
    /// <summary>The handshake failed or timed out.</summary>
    ConnectFailed = 4,
    /// <summary><see cref="FeedConnection.StopAsync"/> was called.</summary>
    Stopped = 5,
    /// <summary>
    /// The socket stayed open (frames may even have arrived) but the streams that always tick delivered no market
    /// event within the stale-stream timeout: a route that handshakes and then sends nothing, a subscription the
    /// venue silently ignored.
    /// </summary>
    StreamsStale = 6,
    /// <summary>The venue refused a subscribe request: the session is re-made (after the usual back-off) to subscribe again.</summary>
    SubscribeRefused = 7,
}
