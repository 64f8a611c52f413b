using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>
/// A test decoder that classifies frames the way the venue decoders do, without knowing any venue's fields:
/// an object with <c>data</c> is one Trade event (exchange time from a top-level <c>ts</c>, price from <c>p</c>);
/// an object with <c>op</c>, <c>event</c>, <c>result</c> or <c>success</c> is control; other JSON is an unknown
/// message; anything else is malformed. Allocation-free; it counts and (optionally) keeps copies of frames.
/// </summary>
internal sealed class ProbeDecoder(Exchange exchange) : IFrameDecoder
{
    private readonly List<byte[]> _kept = [];

    public Exchange Exchange { get; } = exchange;

    /// <summary>Every frame the decoder was given.</summary>
    public CountSignal Frames { get; } = new();

    /// <summary>Keep a copy of every frame (off for the allocation test).</summary>
    public bool KeepFrames { get; init; }

    public IReadOnlyList<byte[]> Kept { get { lock (_kept) return _kept.ToArray(); } }

    public FrameResult Decode(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink)
    {
        if (KeepFrames) lock (_kept) _kept.Add(frame.ToArray());
        var result = Classify(frame, context, sink);
        Frames.Add();
        return result;
    }

    private FrameResult Classify(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink)
    {
        bool hasData = false, isControl = false;
        long ts = 0;
        double price = 0;
        try
        {
            var reader = new Utf8JsonReader(frame);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Reject(sink, context, RejectReason.MalformedJson);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("data"u8)) hasData = true;
                else if (reader.ValueTextEquals("op"u8) || reader.ValueTextEquals("event"u8) || reader.ValueTextEquals("result"u8) || reader.ValueTextEquals("success"u8)) isControl = true;
                bool isTs = reader.ValueTextEquals("ts"u8), isPrice = reader.ValueTextEquals("p"u8);
                reader.Read();
                if (isTs && reader.TokenType == JsonTokenType.Number) ts = reader.GetInt64();
                else if (isPrice && reader.TokenType == JsonTokenType.Number) price = reader.GetDouble();
                else reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndObject) return Reject(sink, context, RejectReason.MalformedJson);
        }
        catch (JsonException)
        {
            return Reject(sink, context, RejectReason.MalformedJson);
        }

        if (hasData)
        {
            ref MarketEvent slot = ref sink.Claim();
            slot.ResetInput();
            slot.Kind = EventKind.Trade;
            slot.Exchange = Exchange;
            slot.ConnectionId = context.ConnectionId;
            slot.SymbolId = 0;
            slot.Price = price;
            slot.ExchangeTimeMs = ts;
            slot.ReceiveTimeTicks = context.ReceiveTimeTicks;
            slot.Stamps.Ingress = context.IngressTimestamp;
            sink.Commit();
            return FrameResult.Events(1);
        }
        return isControl ? FrameResult.Control : Reject(sink, context, RejectReason.UnknownMessage);
    }

    private FrameResult Reject(IMarketEventSink sink, in FrameContext context, RejectReason reason)
    {
        ref MarketEvent slot = ref sink.Claim();
        slot.ResetInput();
        slot.Kind = EventKind.Rejected;
        slot.Reject = reason;
        slot.Exchange = Exchange;
        slot.ConnectionId = context.ConnectionId;
        slot.ReceiveTimeTicks = context.ReceiveTimeTicks;
        sink.Commit();
        return FrameResult.Rejected(reason);
    }
}
