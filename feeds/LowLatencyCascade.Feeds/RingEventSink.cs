using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Feeds;

/// <summary>
/// A producer's view of the ring: each <see cref="Claim"/> takes the next sequence, <see cref="Commit"/>
/// publishes it. One instance per producer thread (it remembers the sequence it claimed).
/// </summary>
public sealed class RingEventSink(RingBuffer<MarketEvent> ring) : IMarketEventSink
{
    private long _sequence = -1;
    private long _published;

    public long Published => Volatile.Read(ref _published);

    public ref MarketEvent Claim()
    {
        _sequence = ring.Next();
        return ref ring[_sequence];
    }

    public void Commit()
    {
        ring.Publish(_sequence);
        _published++;
    }
}
