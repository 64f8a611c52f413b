using System.Buffers;
using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Okx;

/// <summary>
/// OKX v5 public WebSocket: channels are subscribed with <c>{"op":"subscribe","args":[{"channel":...},...]}</c>
/// after connecting. OKX closes a connection that has been silent for 30 s, so the client sends the text
/// <c>ping</c> every 25 s and OKX answers <c>pong</c>.
/// </summary>
public sealed class OkxProtocol : IVenueProtocol
{
    public static Uri DefaultEndpoint { get; } = new("wss://ws.okx.com:8443/ws/v5/public");

    /// <summary>OKX caps the channels of one request at 64 KB in total; stay a little under it.</summary>
    public const int MaxSubscribeMessageBytes = 60 * 1024;

    private readonly OkxInstruments _instruments;

    public OkxProtocol(OkxInstruments instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _instruments = instruments;
    }

    public Exchange Exchange => Exchange.Okx;

    public OkxInstruments Instruments => _instruments;

    public string? PingMessage => "ping";

    public TimeSpan PingInterval => TimeSpan.FromSeconds(25);

    public TimeSpan? MaxConnectionLifetime => null;

    public Uri BuildConnectUri(Uri endpoint, FeedSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint;
    }

    /// <summary>
    /// Liquidations come from one channel for all swaps (<c>instType</c> SWAP: OKX has no per-instrument liquidation
    /// channel); trades, best bid/offer, funding, mark price and open interest per instrument. Mark price has its own
    /// channel on OKX (funding-rate carries no price), so MarkPrice subscribes to both.
    /// </summary>
    public IReadOnlyList<string> SubscribeMessages(FeedSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var args = new List<(string Channel, string Key, string Value)>();
        if (subscription.Liquidations) args.Add((OkxChannels.LiquidationOrders, "instType", "SWAP"));
        foreach (string symbol in subscription.Symbols)
        {
            string instId = OkxSymbols.ToInstId(symbol);
            if (subscription.Trades) args.Add((OkxChannels.Trades, "instId", instId));
            if (subscription.BookTicker) args.Add((OkxChannels.BboTbt, "instId", instId));
            if (subscription.MarkPrice)
            {
                args.Add((OkxChannels.FundingRate, "instId", instId));
                args.Add((OkxChannels.MarkPrice, "instId", instId));
            }
            if (subscription.OpenInterest) args.Add((OkxChannels.OpenInterest, "instId", instId));
            if (subscription.Depth) args.Add((OkxChannels.Books5, "instId", instId));
        }

        var messages = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(1024);
        int next = 0;
        while (next < args.Count)
        {
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("op"u8, "subscribe"u8);
                writer.WriteStartArray("args"u8);
                int first = next;
                // Each arg is well under 100 bytes: checking before writing keeps the message under the cap.
                while (next < args.Count && (next == first || writer.BytesPending + writer.BytesCommitted < MaxSubscribeMessageBytes - 128))
                {
                    var (channel, key, value) = args[next++];
                    writer.WriteStartObject();
                    writer.WriteString("channel", channel);
                    writer.WriteString(key, value);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
            messages.Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        return messages;
    }

    public bool IsPong(ReadOnlySpan<byte> frame) => frame.SequenceEqual("pong"u8);

    /// <summary>
    /// OKX's error event (<c>{"event":"error","code":"60018",...}</c>): the answer to a request it refused, here only
    /// subscribes. Asked only of frames that decoded as control; no length bound, since OKX's message can quote the
    /// whole request back (a subscribe of many args runs to kilobytes).
    /// </summary>
    public bool IsSubscribeRefusal(ReadOnlySpan<byte> frame) => frame.IndexOf("\"event\":\"error\""u8) >= 0;

    /// <summary>
    /// Mark price (pushed on change, at most every 200 ms, and at least every 10 s without a change) and the
    /// best bid/offer tick whatever the market does; liquidation-orders alone can be quiet for minutes.
    /// </summary>
    public bool HasSteadyStreams(FeedSubscription subscription) =>
        subscription.Symbols.Count > 0 && (subscription.MarkPrice || subscription.BookTicker);

    public IFrameDecoder CreateDecoder(SymbolTable symbols, int connectionId) => new OkxDecoder(symbols, _instruments);
}
