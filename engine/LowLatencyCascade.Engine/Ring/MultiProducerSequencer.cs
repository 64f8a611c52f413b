using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Sequencer for several producing threads. A claim is one atomic add on the cursor, so the cursor runs ahead
/// of what is published; each slot's publication is recorded in an availability buffer as the lap number
/// (<c>sequence &gt;&gt;&gt; indexShift</c>) of the sequence last published there. Consumers take only the
/// unbroken run of published slots, so producers may publish their claims in any order.
/// </summary>
internal sealed class MultiProducerSequencer : Sequencer
{
    private readonly Sequence _gatingSequenceCache = new();
    private readonly int[] _availableBuffer;
    private readonly int _indexMask;
    private readonly int _indexShift;

    public MultiProducerSequencer(int bufferSize, IWaitStrategy waitStrategy) : base(bufferSize, waitStrategy)
    {
        _availableBuffer = new int[bufferSize];
        // Lap -1 matches no sequence: nothing is available before it is published.
        _availableBuffer.AsSpan().Fill(-1);
        _indexMask = bufferSize - 1;
        _indexShift = System.Numerics.BitOperations.Log2((uint)bufferSize);
    }

    protected override long HighestClaimed => Cursor.Value;

    public override long Next(int n)
    {
        CheckBatchSize(n);
        long current = Cursor.AddAndGet(n) - n;
        long next = current + n;
        long wrapPoint = next - BufferSize;
        long cachedGating = _gatingSequenceCache.Value;

        if (wrapPoint > cachedGating || cachedGating > current)
        {
            var backOff = new SpinWait();
            long gating;
            while (wrapPoint > (gating = Sequence.Minimum(GatingSequences, current)))
            {
                backOff.SpinOnce(sleep1Threshold: -1);
            }
            _gatingSequenceCache.SetValue(gating);
        }

        return next;
    }

    public override bool TryNext(int n, out long highest)
    {
        CheckBatchSize(n);
        long current, next;
        do
        {
            current = Cursor.Value;
            next = current + n;
            if (!HasAvailableCapacity(n, current))
            {
                highest = Sequence.InitialValue;
                return false;
            }
        }
        while (!Cursor.CompareAndSet(current, next));

        highest = next;
        return true;
    }

    private bool HasAvailableCapacity(int required, long cursorValue)
    {
        long wrapPoint = cursorValue + required - BufferSize;
        long cachedGating = _gatingSequenceCache.Value;
        if (wrapPoint > cachedGating || cachedGating > cursorValue)
        {
            long minimum = Sequence.Minimum(GatingSequences, cursorValue);
            _gatingSequenceCache.SetValue(minimum);
            if (wrapPoint > minimum) return false;
        }
        return true;
    }

    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        SignalAfterPublish();
    }

    public override void Publish(long lo, long hi)
    {
        for (long sequence = lo; sequence <= hi; sequence++) SetAvailable(sequence);
        SignalAfterPublish();
    }

    public override bool IsAvailable(long sequence) =>
        Volatile.Read(ref AvailabilityFlag(sequence)) == LapOf(sequence);

    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence)
    {
        for (long sequence = lowerBound; sequence <= availableSequence; sequence++)
        {
            if (!IsAvailable(sequence)) return sequence - 1;
        }
        return availableSequence;
    }

    // Release store: the slot's contents are visible to whoever sees the flag.
    private void SetAvailable(long sequence) => Volatile.Write(ref AvailabilityFlag(sequence), LapOf(sequence));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int AvailabilityFlag(long sequence) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_availableBuffer), (int)sequence & _indexMask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int LapOf(long sequence) => (int)((ulong)sequence >> _indexShift);
}
