namespace LowLatencyCascade.Feeds.Serving;

/// <summary>How <see cref="VenueWebSocketServer"/> listens and which of the venues' server-side rules it applies.</summary>
public sealed record VenueServerOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one (read it back from <see cref="VenueWebSocketServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>Clients above this many at once are refused with HTTP 429.</summary>
    public int MaxClients { get; init; } = 64;

    /// <summary>Binance pings every client at the WebSocket level this often (the venue: every 3 minutes).</summary>
    public TimeSpan BinancePingInterval { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>A Binance client that does not answer a ping within this long is dropped (the venue: 10 minutes).</summary>
    public TimeSpan BinancePongTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>OKX closes a connection from which it heard nothing (no subscribe, no ping) for this long (the venue: 30 s).</summary>
    public TimeSpan OkxIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Frames queued per client before playback waits for that client (playback never drops a frame).</summary>
    public int SendQueueFrames { get; init; } = 1024;

    /// <summary>Largest client message read (clients only send subscriptions and pings).</summary>
    public int MaxClientMessageBytes { get; init; } = 64 * 1024;
}
