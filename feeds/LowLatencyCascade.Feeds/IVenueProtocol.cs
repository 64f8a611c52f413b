using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds;

/// <summary>
/// A venue's subscription and keep-alive rules, separate from the transport so that the same reconnecting
/// client serves every venue (and the capture server can speak the server side of the same rules).
/// </summary>
public interface IVenueProtocol
{
    Exchange Exchange { get; }

    /// <summary>The URI to connect to: the configured endpoint plus only what the protocol needs (Binance's <c>?streams=</c>).</summary>
    Uri BuildConnectUri(Uri endpoint, FeedSubscription subscription);

    /// <summary>Text messages to send after every (re)connect to subscribe.</summary>
    IReadOnlyList<string> SubscribeMessages(FeedSubscription subscription);

    /// <summary>Application-level ping to send every <see cref="PingInterval"/> (Bybit <c>{"op":"ping"}</c>, OKX <c>ping</c>); null when the server pings (Binance).</summary>
    string? PingMessage { get; }

    TimeSpan PingInterval { get; }

    /// <summary>Longest a connection may live before the venue drops it (Binance: 24 h); the client reconnects before that.</summary>
    TimeSpan? MaxConnectionLifetime { get; }

    /// <summary>True for a frame that answers our ping (OKX <c>pong</c>, Bybit's <c>"op":"pong"</c> or <c>"ret_msg":"pong"</c>).</summary>
    bool IsPong(ReadOnlySpan<byte> frame);

    /// <summary>
    /// True for the venue's answer refusing a subscribe request (Bybit <c>"success":false</c> on <c>"op":"subscribe"</c>,
    /// OKX <c>"event":"error"</c>). The connection is then missing streams it asked for, perhaps only some of them (a
    /// refusal of one of several requests), which no watchdog can see while the others flow: it re-makes the session.
    /// Binance subscribes in the URL (nothing to refuse): false.
    /// </summary>
    bool IsSubscribeRefusal(ReadOnlySpan<byte> frame);

    /// <summary>
    /// True when the subscription includes streams that tick steadily whatever the market does (Binance mark price
    /// every second, book tickers, Bybit tickers, OKX mark price): a connection that stays open but delivers no market
    /// event for the stale-stream timeout is then dead in all but name and is re-made. False for liquidation-only
    /// subscriptions, which can be quiet for minutes.
    /// </summary>
    bool HasSteadyStreams(FeedSubscription subscription) => false;

    /// <summary>A fresh decoder for one connection.</summary>
    IFrameDecoder CreateDecoder(SymbolTable symbols, int connectionId);
}
