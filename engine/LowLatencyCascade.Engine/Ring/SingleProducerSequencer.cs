using System.Runtime.InteropServices;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Sequencer for exactly one producing thread: claiming is plain arithmetic on fields only that thread
/// touches, and publishing is one release store of the cursor. Not safe for several producers.
/// </summary>
internal sealed class SingleProducerSequencer : Sequencer
{
    private ProducerState _state = new() { NextValue = Sequence.InitialValue, CachedGatingValue = Sequence.InitialValue };

    public SingleProducerSequencer(int bufferSize, IWaitStrategy waitStrategy) : base(bufferSize, waitStrategy) { }

    protected override long HighestClaimed => _state.NextValue;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public override long Next(int n)
    {
        CheckBatchSize(n);
        long nextValue = _state.NextValue;
        long next = nextValue + n;
        long wrapPoint = next - BufferSize;
        long cachedGating = _state.CachedGatingValue;

        if (wrapPoint > cachedGating || cachedGating > nextValue) WaitForCapacity(nextValue, wrapPoint);

        _state.NextValue = next;
        return next;
    }

    // The ring is (or looks) full: off the inlined fast path.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void WaitForCapacity(long nextValue, long wrapPoint)
    {
        // Keep the gating loads below from being satisfied ahead of our own last cursor store.
        Interlocked.MemoryBarrier();
        var backOff = new SpinWait();
        long minimum;
        while (wrapPoint > (minimum = Sequence.Minimum(GatingSequences, nextValue)))
        {
            backOff.SpinOnce(sleep1Threshold: -1);
        }
        _state.CachedGatingValue = minimum;
    }

    public override bool TryNext(int n, out long highest)
    {
        CheckBatchSize(n);
        long nextValue = _state.NextValue;
        long wrapPoint = nextValue + n - BufferSize;
        long cachedGating = _state.CachedGatingValue;

        if (wrapPoint > cachedGating || cachedGating > nextValue)
        {
            Interlocked.MemoryBarrier();
            long minimum = Sequence.Minimum(GatingSequences, nextValue);
            _state.CachedGatingValue = minimum;
            if (wrapPoint > minimum)
            {
                highest = Sequence.InitialValue;
                return false;
            }
        }

        highest = _state.NextValue = nextValue + n;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public override void Publish(long sequence)
    {
        Cursor.SetValue(sequence);
        SignalAfterPublish();
    }

    // One producer publishes in order, so moving the cursor to the top publishes the whole range.
    public override void Publish(long lo, long hi) => Publish(hi);

    public override bool IsAvailable(long sequence)
    {
        long cursor = Cursor.Value;
        return sequence <= cursor && sequence > cursor - BufferSize;
    }

    public override long GetHighestPublishedSequence(long lowerBound, long availableSequence) => availableSequence;

    /// <summary>
    /// The producer's own counters, on a cache line of their own so that the consumers' reads of neighbouring
    /// objects do not keep stealing it from the producer's core.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct ProducerState
    {
        [FieldOffset(56)] public long NextValue;
        [FieldOffset(64)] public long CachedGatingValue;
    }
}
