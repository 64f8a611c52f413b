using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>
/// A thread-safe stand-in for the ring: several connections may publish at once (the lock is held from Claim
/// to Commit, as a claimed ring sequence is). Counts slots by kind and reject reason, and keeps the prices
/// of market events in a preallocated array so tests can check which events arrived, and how often.
/// </summary>
internal sealed class RecordingSink(int capacity = 1 << 16) : IMarketEventSink
{
    private readonly object _lock = new();
    private readonly long[] _byKind = new long[8];
    private readonly long[] _byReason = new long[RejectReasons.Count];
    private readonly double[] _prices = new double[capacity];
    private readonly int[] _connections = new int[capacity];
    private MarketEvent _slot;
    private int _events;

    public CountSignal Slots { get; } = new();
    public CountSignal Gaps { get; } = new();

    public ref MarketEvent Claim()
    {
        Monitor.Enter(_lock);
        return ref _slot;
    }

    public void Commit()
    {
        _byKind[(int)_slot.Kind]++;
        if (_slot.Kind == EventKind.Rejected) _byReason[(int)_slot.Reject]++;
        else if (_slot.Kind is not EventKind.Gap and not EventKind.None && _events < _prices.Length)
        {
            _prices[_events] = _slot.Price;
            _connections[_events] = _slot.ConnectionId;
            _events++;
        }
        bool gap = _slot.Kind == EventKind.Gap;
        Monitor.Exit(_lock);
        Slots.Add();
        if (gap) Gaps.Add();
    }

    public long Count(EventKind kind) { lock (_lock) return _byKind[(int)kind]; }

    public long Rejected(RejectReason reason) { lock (_lock) return _byReason[(int)reason]; }

    /// <summary>Prices of the market events committed, in commit order.</summary>
    public double[] Prices() { lock (_lock) return _prices[.._events]; }

    public int[] ConnectionIds() { lock (_lock) return _connections[.._events]; }
}
