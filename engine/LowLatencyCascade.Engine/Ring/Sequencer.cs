namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Hands out sequences to producers and tells consumers which are published. Holds the cursor and the gating
/// sequences (the last stages of the graph) that keep producers from lapping a slot still in use.
/// </summary>
internal abstract class Sequencer
{
    private Sequence[] _gatingSequences = [];

    protected Sequencer(int bufferSize, IWaitStrategy waitStrategy)
    {
        BufferSize = bufferSize;
        WaitStrategy = waitStrategy;
        _signalsOnPublish = waitStrategy is not (BusySpinWaitStrategy or YieldingWaitStrategy or SleepingWaitStrategy);
    }

    // The spinning strategies' signal is empty: skip the interface call on every publish for them.
    private readonly bool _signalsOnPublish;

    /// <summary>Wake blocked stages after a publish; nothing for the strategies that never block.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    protected void SignalAfterPublish()
    {
        if (_signalsOnPublish) WaitStrategy.SignalAllWhenBlocking();
    }

    public int BufferSize { get; }

    public IWaitStrategy WaitStrategy { get; }

    /// <summary>
    /// Single producer: the highest published sequence. Multi-producer: the highest claimed sequence, whose
    /// slots are published only where the availability buffer says so.
    /// </summary>
    public Sequence Cursor { get; } = new();

    /// <summary>Copy-on-write, so producers read the array without locking.</summary>
    protected Sequence[] GatingSequences => Volatile.Read(ref _gatingSequences);

    /// <summary>Claim <paramref name="n"/> slots, waiting while the ring is full; returns the highest claimed.</summary>
    public abstract long Next(int n);

    /// <summary>Claim <paramref name="n"/> slots if there is room now; never waits.</summary>
    public abstract bool TryNext(int n, out long highest);

    public abstract void Publish(long sequence);

    public abstract void Publish(long lo, long hi);

    public abstract bool IsAvailable(long sequence);

    /// <summary>
    /// The highest sequence from <paramref name="lowerBound"/> up to <paramref name="availableSequence"/> below
    /// which every slot is published; <c>lowerBound - 1</c> when <paramref name="lowerBound"/> itself is not.
    /// </summary>
    public abstract long GetHighestPublishedSequence(long lowerBound, long availableSequence);

    /// <summary>The highest sequence claimed by a producer so far.</summary>
    protected abstract long HighestClaimed { get; }

    public long RemainingCapacity()
    {
        long produced = HighestClaimed;
        long consumed = Sequence.Minimum(GatingSequences, produced);
        return BufferSize - (produced - consumed);
    }

    public long GetMinimumGatingSequence() => Sequence.Minimum(GatingSequences, Cursor.Value);

    /// <summary>
    /// Gate producers on <paramref name="sequences"/> as well. Each is first moved to the cursor so that a
    /// stage added to a ring in use starts from where the ring is, not from a lap ago.
    /// </summary>
    public void AddGatingSequences(Sequence[] sequences)
    {
        Sequence[] current, updated;
        do
        {
            current = GatingSequences;
            long cursor = Cursor.Value;
            foreach (var sequence in sequences) sequence.SetValue(cursor);
            updated = [.. current, .. sequences];
        }
        while (Interlocked.CompareExchange(ref _gatingSequences, updated, current) != current);
    }

    public bool RemoveGatingSequence(Sequence sequence)
    {
        Sequence[] current, updated;
        do
        {
            current = GatingSequences;
            if (Array.IndexOf(current, sequence) < 0) return false;
            updated = Array.FindAll(current, s => !ReferenceEquals(s, sequence));
        }
        while (Interlocked.CompareExchange(ref _gatingSequences, updated, current) != current);
        return true;
    }

    protected void CheckBatchSize(int n)
    {
        if (n < 1 || n > BufferSize) ThrowBatchSizeOutOfRange(n);
    }

    private void ThrowBatchSizeOutOfRange(int n) =>
        throw new ArgumentOutOfRangeException(nameof(n), n, $"a claim must be between 1 and the buffer size ({BufferSize}) slots");
}
