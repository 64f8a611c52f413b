using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Transport;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds;

/// <summary>
/// One producer's way from frames to ring slots, the same for a live connection (<see cref="FeedConnection"/>),
/// a replay (the host's <c>ReplayFeeder</c>) and the latency harness (<c>LoadGenerator</c>): a decoder per
/// connection, every frame counted once in this producer's <see cref="Tally"/>, and the marker slots (a refused
/// frame, a gap) written through <see cref="EventSlots"/> like every decoder's slots. The host adds the producers'
/// tallies up; nothing else counts frames.
/// <para>
/// One thread at a time: a producer is driven by one receive, replay or generator thread. Nothing here allocates
/// per frame (the decoder table grows only when a connection is first seen).
/// </para>
/// </summary>
public sealed class FrameProducer(IMarketEventSink sink, FrameTally? tally = null)
{
    private IFrameDecoder?[] _decoders = [];

    /// <summary>What became of every frame this producer handled.</summary>
    public FrameTally Tally { get; } = tally ?? new FrameTally();

    public IMarketEventSink Sink => sink;

    /// <summary>The decoder for a connection, or null before <see cref="SetDecoder"/>.</summary>
    public IFrameDecoder? DecoderFor(int connectionId) =>
        (uint)connectionId < (uint)_decoders.Length ? _decoders[connectionId] : null;

    public void SetDecoder(int connectionId, IFrameDecoder decoder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(connectionId);
        ArgumentNullException.ThrowIfNull(decoder);
        if (connectionId >= _decoders.Length) Array.Resize(ref _decoders, Math.Max(connectionId + 1, _decoders.Length * 2));
        _decoders[connectionId] = decoder;
    }

    /// <summary>Decodes one frame with its connection's decoder (see <see cref="SetDecoder"/>) into the sink and counts it.</summary>
    public FrameResult Decode(ReadOnlySpan<byte> frame, in FrameContext context) =>
        Decode(_decoders[context.ConnectionId]!, frame, context);

    /// <summary>Decodes one frame with <paramref name="decoder"/> into the sink and counts it.</summary>
    public FrameResult Decode(IFrameDecoder decoder, ReadOnlySpan<byte> frame, in FrameContext context)
    {
        var result = decoder.Decode(frame, context, sink);
        Tally.Record(result, frame.Length);
        return result;
    }

    /// <summary>A frame refused without (or instead of) decoding: one rejected slot, counted as a rejected frame.</summary>
    public void Reject(Exchange exchange, in FrameContext context, RejectReason reason, long frameBytes)
    {
        EventSlots.Marker(sink, exchange, context, EventKind.Rejected, reason);
        Tally.Record(FrameResult.Rejected(reason), (int)Math.Min(int.MaxValue, frameBytes));
    }

    /// <summary>A frame that is control without decoding (a keep-alive answer): counted, no slot.</summary>
    public void Pong(int frameBytes) => Tally.RecordPong(frameBytes);

    /// <summary>The connection's data may have a hole here (a disconnect): one <see cref="EventKind.Gap"/> slot, not a frame.</summary>
    public void Gap(Exchange exchange, in FrameContext context) =>
        EventSlots.Marker(sink, exchange, context, EventKind.Gap, RejectReason.None);
}
