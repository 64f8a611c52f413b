using System.Buffers;
using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Binance;

/// <summary>
/// Binance USD-M futures market streams on one route (<see cref="BinanceRoute"/>): the configured endpoint is the
/// venue root (<c>wss://fstream.binance.com</c>), a connection of this protocol opens
/// <c>{root}/market/stream?streams=a/b/c</c> or <c>{root}/public/stream?streams=...</c> with the streams of its route
/// that fit <see cref="MaxUrlStreamChars"/> in the URL; the rest (hundreds of symbols) follow in documented
/// <c>SUBSCRIBE</c> requests of at most <see cref="MaxStreamsPerSubscribe"/> streams each, sent after every
/// (re)connect. The server pings and the WebSocket layer answers; a connection lives at most 24 hours. A live
/// Binance feed is two connections, one per route (<see cref="ForSubscription"/>).
/// </summary>
public sealed class BinanceProtocol : IVenueProtocol
{
    /// <summary>The production root: routes are appended by the protocol.</summary>
    public static Uri DefaultEndpoint => BinanceRoutes.DefaultRoot;

    /// <summary>Binance's documented cap on streams per connection (USD-M market streams: 1024, checked 2026-12-05).</summary>
    public const int MaxStreamsPerConnection = 1024;

    /// <summary>
    /// Longest <c>streams=</c> list put in the connect URL, in characters. Binance documents no URL limit, but HTTP
    /// servers and proxies commonly refuse a request line over 8 KiB (Kestrel, which <c>cascade serve</c> runs on,
    /// answers 414): 200 symbols of 18-character names on the market route make about 12 KiB. The streams beyond
    /// this go in <see cref="SubscribeMessages"/>.
    /// </summary>
    public const int MaxUrlStreamChars = 4096;

    /// <summary>
    /// Streams per <c>SUBSCRIBE</c> request. Binance limits incoming messages (10 per second per connection), not
    /// names per request; 200 keeps each request a few KiB and 1,024 streams within 6 requests.
    /// </summary>
    public const int MaxStreamsPerSubscribe = 200;

    public const string AllMarketLiquidationStream = "!forceOrder@arr";

    /// <summary>
    /// The partial book depth stream: top 20 levels (5, 10 or 20 offered) every 500 ms (250, 500 or 100 ms), served on
    /// the <c>/public</c> route (Binance "Partial Book Depth Streams" and the route mapping of the "Important WebSocket
    /// Change Notice", checked 2026-12-06).
    /// </summary>
    public const string DepthStreamSuffix = "@depth20@500ms";

    /// <summary>The market route (liquidations, trades, mark price): what a decoder-only user of the protocol wants.</summary>
    public BinanceProtocol() : this(BinanceRoute.Market)
    {
    }

    public BinanceProtocol(BinanceRoute route)
    {
        Route = route;
    }

    public BinanceRoute Route { get; }

    public Exchange Exchange => Exchange.Binance;

    /// <summary>Null: Binance pings the client (every 3 minutes) and the WebSocket layer sends the pong.</summary>
    public string? PingMessage => null;

    /// <summary>Zero: no client ping is sent (see <see cref="PingMessage"/>).</summary>
    public TimeSpan PingInterval => TimeSpan.Zero;

    public TimeSpan? MaxConnectionLifetime => TimeSpan.FromHours(24);

    /// <summary>The protocols (one per route) that carry something of <paramref name="subscription"/>, market first.</summary>
    public static IReadOnlyList<BinanceProtocol> ForSubscription(FeedSubscription subscription) =>
        BinanceRoutes.All.Where(r => StreamNames(subscription, r).Count > 0).Select(r => new BinanceProtocol(r)).ToArray();

    /// <summary>Every stream of a subscription on both routes, in a stable order (liquidations first).</summary>
    public static IReadOnlyList<string> StreamNames(FeedSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var streams = new List<string>();
        if (subscription.Liquidations && subscription.AllMarketLiquidations) streams.Add(AllMarketLiquidationStream);
        foreach (string symbol in subscription.Symbols)
        {
            string s = VenueSymbol(symbol);
            if (subscription.Liquidations && !subscription.AllMarketLiquidations) streams.Add(s + "@forceOrder");
            if (subscription.Trades) streams.Add(s + "@aggTrade");
            if (subscription.BookTicker) streams.Add(s + "@bookTicker");
            if (subscription.MarkPrice) streams.Add(s + "@markPrice@1s");
            if (subscription.Depth) streams.Add(s + DepthStreamSuffix);
            // Open interest has no stream on Binance: BinanceOpenInterestPoller fetches it over REST.
        }
        return streams;
    }

    /// <summary>The streams of a subscription that <paramref name="route"/> serves, in a stable order.</summary>
    public static IReadOnlyList<string> StreamNames(FeedSubscription subscription, BinanceRoute route)
    {
        var streams = StreamNames(subscription).Where(s => BinanceRoutes.Of(s) == route).ToList();
        if (streams.Count > MaxStreamsPerConnection)
        {
            throw new ArgumentException(
                $"{streams.Count} Binance /{BinanceRoutes.Segment(route)} streams requested; one connection carries at most {MaxStreamsPerConnection}: split the symbols over several connections.",
                nameof(subscription));
        }
        return streams;
    }

    /// <summary><c>{root}/{route}/stream?streams=...</c>; the root's own query (a proxy token, say) is kept.</summary>
    public Uri BuildConnectUri(Uri endpoint, FeedSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (BinanceRoutes.RootProblem(endpoint) is { } problem)
            throw new ArgumentException($"Binance endpoint '{endpoint}' {problem}", nameof(endpoint));
        var streams = UrlStreams(StreamNames(subscription, Route));
        var builder = new UriBuilder(BinanceRoutes.StreamEndpoint(endpoint, Route));
        if (streams.Count == 0) return builder.Uri;
        var query = new StringBuilder("streams=");
        for (int i = 0; i < streams.Count; i++)
        {
            if (i > 0) query.Append('/');
            query.Append(streams[i]);
        }
        string existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? query.ToString() : existing + "&" + query;
        return builder.Uri;
    }

    /// <summary>
    /// The route's streams that do not fit the connect URI (<see cref="MaxUrlStreamChars"/>), as
    /// <c>{"method":"SUBSCRIBE","params":[...],"id":n}</c> requests of at most <see cref="MaxStreamsPerSubscribe"/>
    /// streams; none when every stream is in the URI (the usual case: a few dozen symbols).
    /// </summary>
    public IReadOnlyList<string> SubscribeMessages(FeedSubscription subscription)
    {
        var streams = StreamNames(subscription, Route);
        int inUrl = UrlStreams(streams).Count;
        var messages = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(4096);
        for (int start = inUrl, id = 1; start < streams.Count; start += MaxStreamsPerSubscribe, id++)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("method"u8, "SUBSCRIBE"u8);
                writer.WriteStartArray("params"u8);
                for (int i = start; i < Math.Min(start + MaxStreamsPerSubscribe, streams.Count); i++) writer.WriteStringValue(streams[i]);
                writer.WriteEndArray();
                writer.WriteNumber("id"u8, id);
                writer.WriteEndObject();
            }
            messages.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        return messages;
    }

    /// <summary>The leading streams whose <c>a/b/c</c> list fits <see cref="MaxUrlStreamChars"/>.</summary>
    internal static IReadOnlyList<string> UrlStreams(IReadOnlyList<string> streams)
    {
        int length = 0, n = 0;
        while (n < streams.Count && length + streams[n].Length + (n > 0 ? 1 : 0) <= MaxUrlStreamChars)
        {
            length += streams[n].Length + (n > 0 ? 1 : 0);
            n++;
        }
        return n == streams.Count ? streams : streams.Take(n).ToArray();
    }

    /// <summary>
    /// Mark price (every second, per symbol) on the market route and book tickers on the public route always tick;
    /// the all-market liquidation stream alone can be quiet for minutes.
    /// </summary>
    public bool HasSteadyStreams(FeedSubscription subscription) =>
        subscription.Symbols.Count > 0 && (Route == BinanceRoute.Public ? subscription.BookTicker : subscription.MarkPrice);

    /// <summary>Binance never answers a text ping (it sends control-frame pings itself).</summary>
    public bool IsPong(ReadOnlySpan<byte> frame) => false;

    /// <summary>Streams are named in the URL: there is no subscribe request to refuse.</summary>
    public bool IsSubscribeRefusal(ReadOnlySpan<byte> frame) => false;

    public IFrameDecoder CreateDecoder(SymbolTable symbols, int connectionId) => new BinanceDecoder(symbols);

    /// <summary>Binance stream names use the lower-case symbol.</summary>
    private static string VenueSymbol(string canonical)
    {
        string s = canonical.Trim();
        if (s.Length == 0) throw new ArgumentException("empty symbol in the subscription", nameof(canonical));
        return s.ToLowerInvariant();
    }
}
