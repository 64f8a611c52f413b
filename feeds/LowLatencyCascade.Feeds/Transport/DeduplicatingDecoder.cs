using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// Wraps one redundant connection's decoder. A frame the other connection delivered first is still decoded
/// (into a throw-away slot, so a stateful decoder such as Bybit's ticker snapshots stays current and can take
/// over at once), but only one <see cref="RejectReason.Duplicate"/> slot is published for it: every frame stays
/// accounted for, and each market event reaches the ring once. Duplicate control frames stay control frames.
/// </summary>
internal sealed class DeduplicatingDecoder : IFrameDecoder
{
    private readonly IFrameDecoder _inner;
    private readonly FrameDeduplicator _deduplicator;
    private readonly int _source;
    private readonly DiscardingSink _discard = new();

    public DeduplicatingDecoder(IFrameDecoder inner, FrameDeduplicator deduplicator, int source)
    {
        _inner = inner;
        _deduplicator = deduplicator;
        _source = source;
    }

    public Exchange Exchange => _inner.Exchange;

    public FrameResult Decode(ReadOnlySpan<byte> frame, in FrameContext context, IMarketEventSink sink)
    {
        if (!_deduplicator.IsDuplicate(frame, _source, context.ReceiveTimeTicks)) return _inner.Decode(frame, context, sink);

        var result = _inner.Decode(frame, context, _discard);
        if (result.Outcome == FrameOutcome.Control) return result;
        return EventSlots.Reject(sink, Exchange, context, RejectReason.Duplicate);
    }

    /// <summary>One slot, overwritten by every claim and never published.</summary>
    private sealed class DiscardingSink : IMarketEventSink
    {
        private MarketEvent _slot;

        public ref MarketEvent Claim() => ref _slot;

        public void Commit()
        {
        }
    }
}
