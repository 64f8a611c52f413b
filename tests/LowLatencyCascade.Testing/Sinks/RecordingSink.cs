using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Testing;

/// <summary>
/// The tests' stand-in for the ring, for decoders, pollers and connections alike. Slots come from a preallocated
/// array of <c>capacity</c> slots, reused as a ring once full, each dirtied first so a decoder that forgets
/// ResetInput is caught. Several connections may publish at once (the lock is held from Claim to Commit, as a
/// claimed ring sequence is), and the claim-commit discipline is checked: every claim is committed before the next
/// one. Counts slots by kind and reject reason, and keeps the prices and connection ids of market events in
/// preallocated arrays (<c>marketEventCapacity</c>) so tests can check which events arrived, and how often.
/// Recording allocates nothing.
/// </summary>
public sealed class RecordingSink : IMarketEventSink
{
    private readonly object _lock = new();
    private readonly MarketEvent[] _slots;
    private readonly long[] _byKind = new long[Enum.GetValues<EventKind>().Max(k => (int)k) + 1];
    private readonly long[] _byReason = new long[RejectReasons.Count];
    private readonly double[] _prices;
    private readonly int[] _connections;
    private long _claimed;
    private long _committed;
    private int _events;

    public RecordingSink(int capacity = 64, int marketEventCapacity = 1 << 16)
    {
        _slots = new MarketEvent[capacity];
        _prices = new double[marketEventCapacity];
        _connections = new int[marketEventCapacity];
        // Dirty every slot so a decoder that forgets ResetInput is caught.
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i].Kind = EventKind.Gap;
            _slots[i].Side = Side.Short;
            _slots[i].Price = -1;
            _slots[i].Quantity = -1;
            _slots[i].NotionalUsd = -1;
            _slots[i].FundingRate = -1;
            _slots[i].OpenInterest = -1;
            _slots[i].SymbolId = 999;
        }
    }

    public CountSignal Slots { get; } = new();
    public CountSignal Gaps { get; } = new();

    public long Claimed { get { lock (_lock) return _claimed; } }
    public long Committed { get { lock (_lock) return _committed; } }

    public ref MarketEvent Claim()
    {
        Monitor.Enter(_lock);
        if (_claimed != _committed)
        {
            Monitor.Exit(_lock);
            throw new InvalidOperationException("claimed twice without a commit");
        }
        return ref _slots[_claimed++ % _slots.Length];
    }

    public void Commit()
    {
        if (!Monitor.IsEntered(_lock) || _committed >= _claimed) throw new InvalidOperationException("commit without a claim");
        ref var slot = ref _slots[_committed % _slots.Length];
        _byKind[(int)slot.Kind]++;
        if (slot.Kind == EventKind.Rejected) _byReason[(int)slot.Reject]++;
        else if (slot.Kind is not EventKind.Gap and not EventKind.None && _events < _prices.Length)
        {
            _prices[_events] = slot.Price;
            _connections[_events] = slot.ConnectionId;
            _events++;
        }
        bool gap = slot.Kind == EventKind.Gap;
        _committed++;
        Monitor.Exit(_lock);
        Slots.Add();
        if (gap) Gaps.Add();
    }

    /// <summary>The committed slots so far (valid while fewer than the capacity were recorded).</summary>
    public MarketEvent[] Events { get { lock (_lock) return _slots[..(int)Math.Min(_committed, _slots.Length)]; } }

    /// <summary>The one slot committed; throws when there was not exactly one.</summary>
    public MarketEvent Single()
    {
        lock (_lock)
        {
            if (_committed != 1) throw new InvalidOperationException($"expected exactly one committed slot, saw {_committed}");
            return _slots[0];
        }
    }

    /// <summary>Forgets everything recorded (the slots stay as they are, so the next decode overwrites dirty slots).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _claimed = 0;
            _committed = 0;
            _events = 0;
            Array.Clear(_byKind);
            Array.Clear(_byReason);
        }
    }

    public long Count(EventKind kind) { lock (_lock) return _byKind[(int)kind]; }

    public long Rejected(RejectReason reason) { lock (_lock) return _byReason[(int)reason]; }

    /// <summary>Prices of the market events committed, in commit order.</summary>
    public double[] Prices() { lock (_lock) return _prices[.._events]; }

    public int[] ConnectionIds() { lock (_lock) return _connections[.._events]; }
}
