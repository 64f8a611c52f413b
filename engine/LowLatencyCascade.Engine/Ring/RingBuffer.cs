using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// A preallocated ring of struct slots shared by producers and stages, in the LMAX Disruptor design.
/// Producers claim sequences (<see cref="Next()"/>), fill the slot in place through <see cref="this[long]"/>
/// and <see cref="Publish(long)"/> it; stages read and annotate slots behind a <see cref="ISequenceBarrier"/>.
/// A producer never laps a slot that the gating sequences (the graph's final stages) have not finished.
/// </summary>
public sealed class RingBuffer<T> where T : struct
{
    /// <summary>
    /// Unused slots before and after the used region (at least 128 bytes each side), so the first and last
    /// slots share no cache line with the array header or whatever the allocator puts next to the array.
    /// </summary>
    private static readonly int PaddingSlots = (128 + Unsafe.SizeOf<T>() - 1) / Unsafe.SizeOf<T>();

    private readonly T[] _entries;
    private readonly long _indexMask;
    private readonly Sequencer _sequencer;
    // The concrete sequencer, so that claim and publish are direct (inlinable) calls on the producer's path
    // rather than virtual ones: exactly one of the two is set.
    private readonly SingleProducerSequencer? _single;
    private readonly MultiProducerSequencer? _multi;

    private RingBuffer(Sequencer sequencer)
    {
        _sequencer = sequencer;
        _single = sequencer as SingleProducerSequencer;
        _multi = sequencer as MultiProducerSequencer;
        _indexMask = sequencer.BufferSize - 1;
        _entries = new T[sequencer.BufferSize + 2 * PaddingSlots];
    }

    /// <summary>A ring for one producing thread (replay, a single feed connection). Cheapest claim and publish.</summary>
    public static RingBuffer<T> CreateSingleProducer(int bufferSize, IWaitStrategy waitStrategy) =>
        new(new SingleProducerSequencer(CheckBufferSize(bufferSize), CheckWaitStrategy(waitStrategy)));

    /// <summary>A ring several threads publish to concurrently (one per feed connection).</summary>
    public static RingBuffer<T> CreateMultiProducer(int bufferSize, IWaitStrategy waitStrategy) =>
        new(new MultiProducerSequencer(CheckBufferSize(bufferSize), CheckWaitStrategy(waitStrategy)));

    /// <summary>The slot for <paramref name="sequence"/>. Unchecked: the sequence is masked onto the ring.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), (nint)(PaddingSlots + (sequence & _indexMask)));
    }

    public int BufferSize => _sequencer.BufferSize;

    public IWaitStrategy WaitStrategy => _sequencer.WaitStrategy;

    /// <summary>
    /// The cursor: the highest published sequence on a single-producer ring, the highest claimed one on a
    /// multi-producer ring (use <see cref="IsAvailable"/> or a barrier to know what is published there).
    /// </summary>
    public long Cursor => _sequencer.Cursor.Value;

    /// <summary>Claim the next slot, waiting while the ring is full.</summary>
    public long Next() => Next(1);

    /// <summary>Claim <paramref name="n"/> consecutive slots, waiting while the ring is full; returns the highest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Next(int n) => _single is { } single ? single.Next(n) : _multi!.Next(n);

    /// <summary>Claim the next slot if one is free now; false when the ring is full. Never waits.</summary>
    public bool TryNext(out long sequence) => _sequencer.TryNext(1, out sequence);

    /// <summary>Claim <paramref name="n"/> consecutive slots if they are free now; false when they are not.</summary>
    public bool TryNext(int n, out long highest) => _sequencer.TryNext(n, out highest);

    /// <summary>Make a claimed slot visible to the stages. Every claimed sequence must be published.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long sequence)
    {
        if (_single is { } single) single.Publish(sequence);
        else _multi!.Publish(sequence);
    }

    /// <summary>Publish the claimed range <paramref name="lo"/>..<paramref name="hi"/> (inclusive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Publish(long lo, long hi)
    {
        if (_single is { } single) single.Publish(hi);
        else _multi!.Publish(lo, hi);
    }

    public bool IsAvailable(long sequence) => _sequencer.IsAvailable(sequence);

    /// <inheritdoc cref="Sequencer.GetHighestPublishedSequence"/>
    public long GetHighestPublishedSequence(long lowerBound, long availableSequence) =>
        _sequencer.GetHighestPublishedSequence(lowerBound, availableSequence);

    /// <summary>Keep producers from lapping these sequences (the final stages). Build the graph before producing.</summary>
    public void AddGatingSequences(params Sequence[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        _sequencer.AddGatingSequences(sequences);
    }

    public bool RemoveGatingSequence(Sequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return _sequencer.RemoveGatingSequence(sequence);
    }

    /// <summary>The slowest gating sequence, or the cursor when there are none.</summary>
    public long GetMinimumGatingSequence() => _sequencer.GetMinimumGatingSequence();

    /// <summary>Slots a producer could claim now without waiting.</summary>
    public long RemainingCapacity() => _sequencer.RemainingCapacity();

    /// <summary>
    /// A barrier for a stage that follows <paramref name="sequencesToTrack"/> (other stages), or the producers
    /// directly when none are given.
    /// </summary>
    public ISequenceBarrier NewBarrier(params Sequence[] sequencesToTrack)
    {
        ArgumentNullException.ThrowIfNull(sequencesToTrack);
        return new ProcessingSequenceBarrier(_sequencer, sequencesToTrack);
    }

    private static int CheckBufferSize(int bufferSize)
    {
        if (bufferSize < 1 || !int.IsPow2(bufferSize))
        {
            throw new ArgumentException($"the buffer size must be a positive power of two, got {bufferSize}", nameof(bufferSize));
        }
        return bufferSize;
    }

    private static IWaitStrategy CheckWaitStrategy(IWaitStrategy waitStrategy)
    {
        ArgumentNullException.ThrowIfNull(waitStrategy);
        return waitStrategy;
    }
}
