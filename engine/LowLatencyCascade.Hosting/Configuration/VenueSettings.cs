using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Transport;

namespace LowLatencyCascade.Hosting.Configuration;

/// <summary>One venue's connection settings (configuration section <c>Feeds:Binance</c>, <c>Feeds:Bybit</c>, <c>Feeds:Okx</c>).</summary>
public sealed class VenueSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The venue's public WebSocket endpoint; the client adds only what the protocol needs. Binance: the venue root
    /// (<c>wss://fstream.binance.com</c>), under which the client opens <c>/market/stream</c> and <c>/public/stream</c>.
    /// </summary>
    public string Url { get; set; } = "";

    /// <summary>REST base URL for look-ups (Binance open interest, OKX instruments); empty disables them.</summary>
    public string RestUrl { get; set; } = "";

    /// <summary>Open a second, redundant connection and de-duplicate; fail over when one goes bad.</summary>
    public bool Redundant { get; set; }

    public static VenueSettings BinanceDefaults() => new() { Url = "wss://fstream.binance.com", RestUrl = "https://fapi.binance.com" };
    public static VenueSettings BybitDefaults() => new() { Url = "wss://stream.bybit.com/v5/public/linear" };
    public static VenueSettings OkxDefaults() => new() { Url = "wss://ws.okx.com:8443/ws/v5/public", RestUrl = "https://www.okx.com" };
}

/// <summary>
/// Configuration section <c>Feeds</c>. The connection limits start from <see cref="FeedConnectionOptions"/>'s defaults
/// and are checked by its rules (<see cref="FeedConnectionOptions.ValidateLimits"/>); <see cref="ConnectionOptions"/>
/// turns them into one connection's options.
/// </summary>
public sealed class FeedSettings
{
    /// <summary>Canonical symbols (BTCUSDT). Binance liquidations come for every symbol on <c>!forceOrder@arr</c>.</summary>
    public string[] Symbols { get; set; } = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "BNBUSDT"];

    public VenueSettings Binance { get; set; } = VenueSettings.BinanceDefaults();
    public VenueSettings Bybit { get; set; } = VenueSettings.BybitDefaults();
    public VenueSettings Okx { get; set; } = VenueSettings.OkxDefaults();

    /// <summary>
    /// Subscribe to each venue's shallow order book (Binance <c>@depth20@500ms</c> on <c>/public</c>, Bybit <c>orderbook.50</c>,
    /// OKX <c>books5</c>): the depth check, the depth gauges and the model's depth inputs need it.
    /// </summary>
    public bool Depth { get; set; } = true;

    /// <summary>Largest WebSocket message accepted; bigger ones are rejected as oversized and counted.</summary>
    public int MaxFrameBytes { get; set; } = FeedConnectionOptions.DefaultMaxFrameBytes;

    public TimeSpan ConnectTimeout { get; set; } = FeedConnectionOptions.DefaultConnectTimeout;
    public TimeSpan SilenceTimeout { get; set; } = FeedConnectionOptions.DefaultSilenceTimeout;

    /// <summary>
    /// A connection whose streams always tick (mark price, book tickers) that delivers no market event for this long
    /// is re-made, even while acks or errors still arrive; YELLOW after a third of it. Zero turns it off.
    /// Liquidation-only connections are never judged by it.
    /// </summary>
    public TimeSpan StaleStreamTimeout { get; set; } = FeedConnectionOptions.DefaultStaleStreamTimeout;
    public TimeSpan ReconnectMin { get; set; } = FeedConnectionOptions.DefaultReconnectMin;

    /// <summary>
    /// A venue is fresh in a signal's <c>feeds</c> when its last market event is at most this far behind the
    /// pipeline's event clock (the latest event time seen); one that delivered before but not within it is stale.
    /// </summary>
    public TimeSpan FreshWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After a gap (a disconnect, or a capture's disconnect marker) a venue is marked <c>gap</c> until it delivers again and for this much event time after.</summary>
    public TimeSpan GapHold { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan ReconnectMax { get; set; } = FeedConnectionOptions.DefaultReconnectMax;

    /// <summary>The errors in the connection limits, each named <c>Feeds:Key</c> (the one set of rules the connections apply too).</summary>
    public void ValidateLimits(List<string> errors) =>
        FeedConnectionOptions.ValidateLimits(errors, "Feeds:", ConnectTimeout, SilenceTimeout, StaleStreamTimeout, ReconnectMin, ReconnectMax, MaxFrameBytes);

    /// <summary>One connection's options from this section: its endpoint and identity, this section's limits.</summary>
    public FeedConnectionOptions ConnectionOptions(Uri endpoint, FeedSubscription subscription, int connectionId, string name) => new()
    {
        Endpoint = endpoint,
        Subscription = subscription,
        ConnectionId = connectionId,
        Name = name,
        ConnectTimeout = ConnectTimeout,
        SilenceTimeout = SilenceTimeout,
        StaleStreamTimeout = StaleStreamTimeout,
        ReconnectMin = ReconnectMin,
        ReconnectMax = ReconnectMax,
        MaxFrameBytes = MaxFrameBytes,
    };
}

/// <summary>Configuration section <c>Capture</c>: where <c>record</c> and <c>live --record</c> write.</summary>
public sealed class CaptureSettings
{
    public string Directory { get; set; } = "captures";
    public long RotateBytes { get; set; } = 256L << 20;
    public bool RotateHourly { get; set; } = true;
}
