using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds;

/// <summary>
/// Decodes one complete WebSocket text frame of a venue (already reassembled if it arrived fragmented)
/// into zero or more ring slots, without allocating. One instance per connection: decoders may keep
/// per-connection state (Bybit's ticker snapshots, for instance).
/// </summary>
public interface IFrameDecoder
{
    Exchange Exchange { get; }

    FrameResult Decode(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink);
}
