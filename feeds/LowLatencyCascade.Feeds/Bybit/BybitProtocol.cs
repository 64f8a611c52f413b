using System.Buffers;
using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Bybit;

/// <summary>
/// Bybit v5 public linear (USDT/USDC perpetuals): topics are subscribed with <c>{"op":"subscribe","args":[...]}</c>
/// after connecting; the client pings with <c>{"op":"ping"}</c> every 20 s as Bybit recommends (the server drops
/// a silent connection).
/// </summary>
public sealed class BybitProtocol : IVenueProtocol
{
    public static Uri DefaultEndpoint { get; } = new("wss://stream.bybit.com/v5/public/linear");

    /// <summary>
    /// Topics per subscribe request. Bybit caps spot requests at 10 args and documents no cap for linear, but
    /// bounds the args of a connection by length; 10 per request is accepted everywhere and keeps each ack small.
    /// </summary>
    public const int MaxArgsPerRequest = 10;

    public Exchange Exchange => Exchange.Bybit;

    public string? PingMessage => """{"op":"ping"}""";

    public TimeSpan PingInterval => TimeSpan.FromSeconds(20);

    public TimeSpan? MaxConnectionLifetime => null;

    public Uri BuildConnectUri(Uri endpoint, FeedSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint;
    }

    /// <summary>The topics for a subscription: liquidations, trades, top of book, and tickers (mark, funding, open interest).</summary>
    public static IReadOnlyList<string> Topics(FeedSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var topics = new List<string>();
        foreach (string raw in subscription.Symbols)
        {
            string symbol = raw.Trim().ToUpperInvariant();
            if (symbol.Length == 0) throw new ArgumentException("empty symbol in the subscription", nameof(subscription));
            if (subscription.Liquidations) topics.Add(BybitTopics.AllLiquidation + symbol);
            if (subscription.Trades) topics.Add(BybitTopics.PublicTrade + symbol);
            if (subscription.BookTicker) topics.Add(BybitTopics.OrderbookTop + symbol);
            if (subscription.MarkPrice || subscription.OpenInterest) topics.Add(BybitTopics.Tickers + symbol);
            if (subscription.Depth) topics.Add(BybitTopics.OrderbookDepth + symbol);
        }
        return topics;
    }

    public IReadOnlyList<string> SubscribeMessages(FeedSubscription subscription)
    {
        var topics = Topics(subscription);
        var messages = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(512);
        for (int start = 0; start < topics.Count; start += MaxArgsPerRequest)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("op"u8, "subscribe"u8);
                writer.WriteStartArray("args"u8);
                for (int i = start; i < Math.Min(start + MaxArgsPerRequest, topics.Count); i++) writer.WriteStringValue(topics[i]);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            messages.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        return messages;
    }

    /// <summary>Tickers (every 100 ms for derivatives) and the level-1 book tick whatever the market does.</summary>
    public bool HasSteadyStreams(FeedSubscription subscription) =>
        subscription.Symbols.Count > 0 && (subscription.MarkPrice || subscription.OpenInterest || subscription.BookTicker);

    /// <summary>Bybit's answer to a refused subscribe: <c>{"success":false,...,"op":"subscribe"}</c>; asked only of frames that decoded as control.</summary>
    public bool IsSubscribeRefusal(ReadOnlySpan<byte> frame) =>
        frame.IndexOf("\"success\":false"u8) >= 0 && frame.IndexOf("\"op\":\"subscribe\""u8) >= 0;

    /// <summary>Bybit answers a ping with <c>"op":"pong"</c> or, on the public streams, <c>"op":"ping"</c> with <c>"ret_msg":"pong"</c>.</summary>
    public bool IsPong(ReadOnlySpan<byte> frame)
    {
        if (frame.Length is 0 or > 1024 || frame[0] != (byte)'{') return false;
        try
        {
            var reader = new Utf8JsonReader(frame, FrameJson.ReaderOptions);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isOp = reader.ValueTextEquals("op"u8);
                bool isRetMsg = reader.ValueTextEquals("ret_msg"u8);
                reader.Read();
                if ((isOp || isRetMsg) && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("pong"u8)) return true;
                reader.Skip();
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public IFrameDecoder CreateDecoder(SymbolTable symbols, int connectionId) => new BybitDecoder(symbols);
}
