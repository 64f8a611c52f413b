using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Bench.Decoders;

/// <summary>A sink over a preallocated power-of-two slot array, standing in for the ring's claim and publish.</summary>
public sealed class DecoderBenchSink : IMarketEventSink
{
    private readonly MarketEvent[] _slots = new MarketEvent[1024];
    private long _next;

    public long Committed { get; private set; }

    public ref MarketEvent Claim() => ref _slots[_next++ & (_slots.Length - 1)];

    public void Commit() => Committed++;
}
