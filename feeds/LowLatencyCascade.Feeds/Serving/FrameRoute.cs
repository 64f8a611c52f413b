using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// Which subscription a venue frame belongs to, as ranges into the frame: Binance's <c>stream</c>, Bybit's
/// <c>topic</c>, OKX's <c>arg.channel</c> with <c>arg.instId</c> / <c>arg.instType</c>. A frame without them
/// (an ack, a pong, a malformed frame) is unidentified and goes to every subscribed client.
/// Found with a forward-only <see cref="Utf8JsonReader"/> pass, without allocating.
/// </summary>
internal readonly struct FrameRoute
{
    private FrameRoute(Range key, Range instId, Range instType, Range data = default)
    {
        Identified = true;
        Key = key;
        InstId = instId;
        InstType = instType;
        Data = data;
    }

    public bool Identified { get; }
    public Range Key { get; }
    public Range InstId { get; }
    public Range InstType { get; }

    /// <summary>Binance: the combined-stream wrapper's <c>data</c> value (what a <c>ws</c>-mode client receives); empty otherwise.</summary>
    public Range Data { get; }

    public static FrameRoute Of(Exchange exchange, ReadOnlySpan<byte> frame)
    {
        try
        {
            var reader = new Utf8JsonReader(frame, isFinalBlock: true, state: default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool wanted = exchange switch
                {
                    Exchange.Binance => reader.ValueTextEquals("stream"u8),
                    Exchange.Bybit => reader.ValueTextEquals("topic"u8),
                    _ => reader.ValueTextEquals("arg"u8),
                };
                reader.Read();
                if (!wanted) { reader.Skip(); continue; }
                if (exchange == Exchange.Binance) return BinanceWrapper(ref reader);
                if (exchange != Exchange.Okx)
                    return StringRange(ref reader) is { } key ? new FrameRoute(key, default, default) : default;
                return OkxArg(ref reader);
            }
        }
        catch (JsonException)
        {
            // Not JSON: unidentified, so every subscribed client gets it (and its decoder rejects it).
        }
        return default;
    }

    /// <summary>From the <c>stream</c> value on: the stream name and, when it follows, the <c>data</c> value's range.</summary>
    private static FrameRoute BinanceWrapper(ref Utf8JsonReader reader)
    {
        if (StringRange(ref reader) is not { } key) return default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool data = reader.ValueTextEquals("data"u8);
            reader.Read();
            int start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (data) return new FrameRoute(key, default, default, new Range(start, (int)reader.BytesConsumed));
        }
        return new FrameRoute(key, default, default);
    }

    private static FrameRoute OkxArg(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return default;
        Range channel = default, instId = default, instType = default;
        bool hasChannel = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8)) { reader.Read(); if (StringRange(ref reader) is { } r) { channel = r; hasChannel = true; } }
            else if (reader.ValueTextEquals("instId"u8)) { reader.Read(); instId = StringRange(ref reader) ?? default; }
            else if (reader.ValueTextEquals("instType"u8)) { reader.Read(); instType = StringRange(ref reader) ?? default; }
            else { reader.Read(); reader.Skip(); }
        }
        return hasChannel ? new FrameRoute(channel, instId, instType) : default;
    }

    private static Range? StringRange(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return null;
        int start = (int)reader.TokenStartIndex + 1; // past the opening quote
        return new Range(start, start + reader.ValueSpan.Length);
    }
}
