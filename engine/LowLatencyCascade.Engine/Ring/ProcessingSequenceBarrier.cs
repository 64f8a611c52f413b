namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// The barrier a stage waits behind: the ring's cursor (through the availability check, for
/// multi-producer rings) or the minimum of the upstream stages' sequences.
/// </summary>
internal sealed class ProcessingSequenceBarrier : ISequenceBarrier
{
    private readonly Sequencer _sequencer;
    private readonly IWaitStrategy _waitStrategy;
    private readonly Sequence _cursor;
    private readonly ISequence _dependentSequence;
    private readonly Sequence[] _dependentSequences;
    private volatile bool _alerted;

    public ProcessingSequenceBarrier(Sequencer sequencer, Sequence[] dependentSequences)
    {
        _sequencer = sequencer;
        _waitStrategy = sequencer.WaitStrategy;
        _cursor = sequencer.Cursor;
        _dependentSequences = (Sequence[])dependentSequences.Clone();
        _dependentSequence = dependentSequences.Length switch
        {
            0 => _cursor,
            1 => dependentSequences[0],
            _ => new FixedSequenceGroup(dependentSequences),
        };
    }

    public long Cursor => _dependentSequence.Value;

    internal Sequencer Sequencer => _sequencer;

    internal IWaitStrategy WaitStrategy => _waitStrategy;

    /// <summary>The ring's cursor (what a stage with no upstream follows).</summary>
    internal Sequence CursorSequence => _cursor;

    /// <summary>The upstream stages' sequences; empty when the stage follows the producers.</summary>
    internal Sequence[] DependentSequences => _dependentSequences;

    internal ISequence DependentSequence => _dependentSequence;

    public bool IsAlerted => _alerted;

    public long WaitFor(long sequence)
    {
        CheckAlert();
        var backOff = new SpinWait();
        while (true)
        {
            long available = _waitStrategy.WaitFor(sequence, _cursor, _dependentSequence, this);
            if (available < sequence) return available;

            long published = _sequencer.GetHighestPublishedSequence(sequence, available);
            if (published >= sequence) return published;

            // Claimed but not yet published: a producer is between Next and Publish. The wait strategy would
            // return at once (the cursor is past us), so back off here rather than spin hot on the flag.
            backOff.SpinOnce(sleep1Threshold: -1);
            CheckAlert();
        }
    }

    public void Alert()
    {
        _alerted = true;
        _waitStrategy.SignalAllWhenBlocking();
    }

    public void ClearAlert() => _alerted = false;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void CheckAlert()
    {
        if (_alerted) ThrowAlert();
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowAlert() => throw AlertException.Instance;
}
