namespace LowLatencyCascade.Feeds.Binance;

/// <summary>
/// The routed entry points of Binance USD-M futures market WebSockets (Binance's "Important WebSocket Change
/// Notice": the unrouted <c>/ws</c> and <c>/stream</c> paths were retired on 2026-04-23). Every stream belongs to
/// exactly one route; asked of the other route it delivers nothing, so public and market streams never share a
/// connection. Checked against developers.binance.com on 2026-12-05.
/// </summary>
public enum BinanceRoute : byte
{
    /// <summary><c>/market</c>: regular market data (<c>!forceOrder@arr</c>, <c>@forceOrder</c>, <c>@aggTrade</c>, <c>@markPrice</c>, ...).</summary>
    Market = 0,

    /// <summary><c>/public</c>: high-frequency book data (<c>@bookTicker</c>, <c>!bookTicker</c>, <c>@depth...</c>).</summary>
    Public = 1,
}

/// <summary>Binance's routing rules, shared by the client (<see cref="BinanceProtocol"/>) and the local venue server.</summary>
public static class BinanceRoutes
{
    /// <summary>The production root; the client appends <c>/market/stream</c> or <c>/public/stream</c>.</summary>
    public static Uri DefaultRoot { get; } = new("wss://fstream.binance.com");

    /// <summary>Every route, in the order the client opens them.</summary>
    public static IReadOnlyList<BinanceRoute> All { get; } = [BinanceRoute.Market, BinanceRoute.Public];

    /// <summary>The path segment of a route: <c>market</c> or <c>public</c>.</summary>
    public static string Segment(BinanceRoute route) => route == BinanceRoute.Public ? "public" : "market";

    /// <summary>The route a stream is served on: book tickers and depth on <c>/public</c>, everything else on <c>/market</c>.</summary>
    public static BinanceRoute Of(ReadOnlySpan<char> stream)
    {
        if (stream.Equals("!bookTicker", StringComparison.OrdinalIgnoreCase)) return BinanceRoute.Public;
        int at = stream.IndexOf('@');
        if (at < 0) return BinanceRoute.Market;
        var kind = stream[(at + 1)..];
        if (kind.Equals("bookTicker", StringComparison.OrdinalIgnoreCase)) return BinanceRoute.Public;
        if (kind.StartsWith("depth", StringComparison.OrdinalIgnoreCase)) return BinanceRoute.Public;
        return BinanceRoute.Market;
    }

    /// <summary>
    /// Why a configured Binance URL cannot be used as the venue root, or null when it can. The root is the
    /// scheme, host, port and an optional path prefix (a proxy's, say); a path that ends in a retired endpoint
    /// (<c>/ws</c>, <c>/stream</c>) or already in a route (<c>/market</c>, <c>/public</c>, <c>/private</c>) is refused,
    /// because the client opens both routes itself.
    /// </summary>
    public static string? RootProblem(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!string.IsNullOrEmpty(url.Query.TrimStart('?')) && url.Query.Contains("streams=", StringComparison.OrdinalIgnoreCase))
            return "carries ?streams=; give the venue root (wss://fstream.binance.com): the client adds the routes and streams itself";
        string[] segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < segments.Length; i++)
        {
            string s = segments[i];
            if (s.Equals("ws", StringComparison.OrdinalIgnoreCase) || s.Equals("stream", StringComparison.OrdinalIgnoreCase))
                return $"ends in the unrouted '/{string.Join('/', segments[i..])}' path, which Binance retired on 2026-04-23 "
                     + "(it completes the handshake and then sends nothing); give the venue root, e.g. wss://fstream.binance.com, "
                     + "and the client opens /market/stream (liquidations, trades, mark price) and /public/stream (book tickers)";
            if (s.Equals("market", StringComparison.OrdinalIgnoreCase) || s.Equals("public", StringComparison.OrdinalIgnoreCase)
                || s.Equals("private", StringComparison.OrdinalIgnoreCase))
                return $"already names the '/{s}' route; give the venue root, e.g. wss://fstream.binance.com: "
                     + "the client opens /market and /public itself (they cannot share one connection)";
        }
        return null;
    }

    /// <summary>The combined-stream URL of a route under <paramref name="root"/>: <c>{root}/{route}/stream</c>, the root's own query kept.</summary>
    public static Uri StreamEndpoint(Uri root, BinanceRoute route)
    {
        ArgumentNullException.ThrowIfNull(root);
        var builder = new UriBuilder(root);
        builder.Path = builder.Path.TrimEnd('/') + "/" + Segment(route) + "/stream";
        return builder.Uri;
    }
}
