using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// Counts what became of each frame a live connection's decoder handled into the host's <see cref="FrameCounters"/>.
/// A frame that produced no slot in the ring but was not a control frame was a redundant copy decoded into a
/// throw-away slot: the deduplicator then publishes its <see cref="RejectReason.Duplicate"/> slot, which
/// <see cref="FrameAccountingSink"/> counts, so the frame is counted once either way. A decoder that throws is
/// not counted here: the transport publishes a rejected slot for that frame, which the sink counts.
/// </summary>
internal sealed class FrameCountingDecoder(IFrameDecoder inner, FrameCounters counters) : IFrameDecoder
{
    public Exchange Exchange => inner.Exchange;

    public FrameResult Decode(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink)
    {
        FrameAccountingSink.BeginFrame();
        FrameResult result;
        int committed;
        try
        {
            result = inner.Decode(frame, context, sink);
        }
        finally
        {
            committed = FrameAccountingSink.EndFrame();
        }
        if (result.Outcome == FrameOutcome.Control || committed > 0) counters.Count(result);
        return result;
    }
}
