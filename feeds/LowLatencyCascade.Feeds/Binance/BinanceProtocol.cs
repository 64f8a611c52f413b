using System.Text;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Binance;

/// <summary>
/// Binance USD-M futures market streams: everything is subscribed through the combined-stream URL
/// (<c>/stream?streams=a/b/c</c>), so nothing is sent after connecting; the server pings and the WebSocket layer
/// answers; a connection lives at most 24 hours.
/// </summary>
public sealed class BinanceProtocol : IVenueProtocol
{
    public static Uri DefaultEndpoint { get; } = new("wss://fstream.binance.com/stream");

    /// <summary>Binance's documented cap on streams per connection.</summary>
    public const int MaxStreamsPerConnection = 1024;

    public const string AllMarketLiquidationStream = "!forceOrder@arr";

    public Exchange Exchange => Exchange.Binance;

    /// <summary>Null: Binance pings the client (every few minutes) and the WebSocket layer sends the pong.</summary>
    public string? PingMessage => null;

    /// <summary>Zero: no client ping is sent (see <see cref="PingMessage"/>).</summary>
    public TimeSpan PingInterval => TimeSpan.Zero;

    public TimeSpan? MaxConnectionLifetime => TimeSpan.FromHours(24);

    /// <summary>The stream names for a subscription, in a stable order (liquidations first).</summary>
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
            // Open interest has no stream on Binance: BinanceOpenInterestPoller fetches it over REST.
        }
        if (streams.Count > MaxStreamsPerConnection)
        {
            throw new ArgumentException(
                $"{streams.Count} Binance streams requested; one connection carries at most {MaxStreamsPerConnection}: split the symbols over several connections.",
                nameof(subscription));
        }
        return streams;
    }

    public Uri BuildConnectUri(Uri endpoint, FeedSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var streams = StreamNames(subscription);
        if (streams.Count == 0) return endpoint;
        var query = new StringBuilder("streams=");
        for (int i = 0; i < streams.Count; i++)
        {
            if (i > 0) query.Append('/');
            query.Append(streams[i]);
        }
        var builder = new UriBuilder(endpoint);
        string existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? query.ToString() : existing + "&" + query;
        return builder.Uri;
    }

    /// <summary>Nothing: the streams are in the connect URI.</summary>
    public IReadOnlyList<string> SubscribeMessages(FeedSubscription subscription) => [];

    /// <summary>Binance never answers a text ping (it sends control-frame pings itself).</summary>
    public bool IsPong(ReadOnlySpan<byte> frame) => false;

    public IFrameDecoder CreateDecoder(SymbolTable symbols, int connectionId) => new BinanceDecoder(symbols);

    /// <summary>Binance stream names use the lower-case symbol.</summary>
    private static string VenueSymbol(string canonical)
    {
        string s = canonical.Trim();
        if (s.Length == 0) throw new ArgumentException("empty symbol in the subscription", nameof(canonical));
        return s.ToLowerInvariant();
    }
}
