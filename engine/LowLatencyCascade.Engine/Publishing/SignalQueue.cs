using System.Runtime.InteropServices;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Bounded single-producer single-consumer queue of encoded signals between the publish stage (producer, on
/// the ring's thread) and one sink thread (consumer).
/// <para>
/// Every message slot is preallocated (<see cref="Capacity"/> slots of <see cref="SlotBytes"/> bytes in one
/// array), so an enqueue is a copy and two counter writes: it never allocates and never blocks. When the queue
/// is full the message is dropped and counted (<see cref="DroppedFull"/>); a message larger than a slot is
/// dropped and counted too (<see cref="DroppedOversize"/>).
/// </para>
/// <para>
/// The consumer parks on a semaphore when the queue is empty; the producer pays for a wake-up only when the
/// consumer has announced it is parked, so a busy sink costs the producer no system call.
/// </para>
/// </summary>
public sealed class SignalQueue : IDisposable
{
    public const int DefaultCapacity = 1024;
    public const int DefaultSlotBytes = 4096;

    private readonly byte[] _arena;
    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly int _slotBytes;
    private readonly SemaphoreSlim _wake = new(0);

    // Producer and consumer positions on separate cache lines (false sharing would cost both sides).
    private PaddedCounter _tail;     // next sequence the producer writes; written by the producer only
    private PaddedCounter _head;     // next sequence the consumer reads; written by the consumer only
    private int _consumerParked;     // 1 while the consumer is (about to be) waiting on _wake

    private long _droppedFull;
    private long _droppedOversize;

    public SignalQueue(int capacity = DefaultCapacity, int slotBytes = DefaultSlotBytes)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "capacity must be a power of two >= 2");
        if (slotBytes < 64)
            throw new ArgumentOutOfRangeException(nameof(slotBytes), slotBytes, "slotBytes must be at least 64");
        _arena = GC.AllocateUninitializedArray<byte>(checked(capacity * slotBytes), pinned: true);
        _entries = new Entry[capacity];
        _mask = capacity - 1;
        _slotBytes = slotBytes;
    }

    public int Capacity => _entries.Length;
    public int SlotBytes => _slotBytes;

    /// <summary>Messages accepted (the producer's count).</summary>
    public long Enqueued => Volatile.Read(ref _tail.Value);
    /// <summary>Messages the consumer has finished with.</summary>
    public long Dequeued => Volatile.Read(ref _head.Value);
    public long DroppedFull => Volatile.Read(ref _droppedFull);

    /// <summary>Producer side only: a lossless caller that will retry takes back the drop it was just counted for.</summary>
    internal void UncountDrop() => Volatile.Write(ref _droppedFull, _droppedFull - 1);
    public long DroppedOversize => Volatile.Read(ref _droppedOversize);
    public int Count => (int)(Enqueued - Dequeued);

    /// <summary>Producer side: copy a message into the next free slot. Never blocks, never allocates.</summary>
    public SignalQueueResult TryEnqueue(ReadOnlySpan<byte> json, int symbolId, SignalLevel level, double probability, long eventTimeMs)
    {
        if (json.Length > _slotBytes)
        {
            Volatile.Write(ref _droppedOversize, _droppedOversize + 1);
            return SignalQueueResult.DroppedOversize;
        }
        long tail = _tail.Value;
        if (tail - Volatile.Read(ref _head.Value) >= _entries.Length)
        {
            Volatile.Write(ref _droppedFull, _droppedFull + 1);
            return SignalQueueResult.DroppedFull;
        }
        int index = (int)(tail & _mask);
        json.CopyTo(new Span<byte>(_arena, index * _slotBytes, json.Length));
        ref Entry e = ref _entries[index];
        e.Length = json.Length;
        e.SymbolId = symbolId;
        e.Level = level;
        e.Probability = probability;
        e.EventTimeMs = eventTimeMs;
        // Full fence: the slot is visible before the new tail, and the tail before we read the parked flag
        // (the consumer sets the flag and then re-reads the tail, so one of us always sees the other).
        Interlocked.Exchange(ref _tail.Value, tail + 1);
        if (Volatile.Read(ref _consumerParked) != 0 && Interlocked.CompareExchange(ref _consumerParked, 0, 1) == 1)
            _wake.Release();
        return SignalQueueResult.Enqueued;
    }

    /// <summary>Consumer side: the oldest message, valid until <see cref="Advance"/>.</summary>
    public bool TryPeek(out SignalMessage message)
    {
        long head = _head.Value;
        if (head == Volatile.Read(ref _tail.Value)) { message = default; return false; }
        int index = (int)(head & _mask);
        ref readonly Entry e = ref _entries[index];
        message = new SignalMessage(new ReadOnlySpan<byte>(_arena, index * _slotBytes, e.Length), e.SymbolId, e.Level, e.Probability, e.EventTimeMs);
        return true;
    }

    /// <summary>Consumer side: release the slot returned by <see cref="TryPeek"/> to the producer.</summary>
    public void Advance() => Volatile.Write(ref _head.Value, _head.Value + 1);

    /// <summary>
    /// Consumer side: wait until a message is available or the timeout passes, without spinning a core.
    /// Returns true when a message is available.
    /// </summary>
    public bool WaitForMessage(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (HasMessage) return true;
        Interlocked.Exchange(ref _consumerParked, 1);
        if (HasMessage)
        {
            // Un-park; if the producer already did, its Release leaves one spare count that only makes a later
            // wait return early once (the caller loops on TryPeek anyway).
            Interlocked.CompareExchange(ref _consumerParked, 0, 1);
            return true;
        }
        try
        {
            _wake.Wait(timeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the caller checks its own token.
        }
        Interlocked.CompareExchange(ref _consumerParked, 0, 1);
        return HasMessage;
    }

    /// <summary>Wakes a parked consumer (used when stopping).</summary>
    public void WakeConsumer()
    {
        if (Interlocked.CompareExchange(ref _consumerParked, 0, 1) == 1) _wake.Release();
    }

    private bool HasMessage => _head.Value != Volatile.Read(ref _tail.Value);

    public void Dispose() => _wake.Dispose();

    private struct Entry
    {
        public int Length;
        public int SymbolId;
        public SignalLevel Level;
        public double Probability;
        public long EventTimeMs;
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounter
    {
        [FieldOffset(64)] public long Value;
    }
}
