using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// A live connection's way into the ring (the ring is multi-producer in live mode). It counts nothing: each
/// connection's <see cref="FrameProducer"/> counts its frames.
/// With <c>shared</c> (a redundant pair: two receive threads and the gap publisher) claim and commit are
/// serialized by a lock held only for the copy into the slot; a single connection needs none.
/// Without a ring (<c>cascade record</c>) the slot is scratch space and nothing is published.
/// </summary>
public sealed class LiveProducerSink : IMarketEventSink
{
    private readonly RingBuffer<MarketEvent>? _ring;
    private readonly object? _lock;
    private MarketEvent _scratch;
    private long _sequence = -1;
    private long _published;

    /// <param name="ring">The ring to publish into; null discards every slot.</param>
    /// <param name="shared">Several threads claim and commit through this sink (a redundant pair).</param>
    public LiveProducerSink(RingBuffer<MarketEvent>? ring, bool shared = false)
    {
        _ring = ring;
        _lock = shared ? new object() : null;
    }

    /// <summary>Slots committed (published to the ring, or discarded).</summary>
    public long Published => Interlocked.Read(ref _published);

    public ref MarketEvent Claim()
    {
        if (_lock is not null) Monitor.Enter(_lock);
        if (_ring is null) return ref _scratch;
        _sequence = _ring.Next();
        return ref _ring[_sequence];
    }

    public void Commit()
    {
        _ring?.Publish(_sequence);
        Interlocked.Increment(ref _published);
        if (_lock is not null) Monitor.Exit(_lock);
    }
}
