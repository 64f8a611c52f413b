namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// HdrHistogram's writer-reader phaser: writers never block (one atomic increment on entry, one on exit), while
/// a reader can wait until every writer that entered before a phase flip has left. Writers entering during the
/// even phase get non-negative epochs, during the odd phase negative ones; the reader flips the phase by
/// swapping the start epoch and then waits for the old phase's end epoch to catch up with it.
/// </summary>
internal sealed class WriterReaderPhaser
{
    private long _startEpoch;
    private long _evenEndEpoch;
    private long _oddEndEpoch = long.MinValue;
    private readonly Lock _readerLock = new();

    /// <summary>Enters a writer critical section; pass the result to <see cref="WriterCriticalSectionExit"/>.</summary>
    public long WriterCriticalSectionEnter() => Interlocked.Increment(ref _startEpoch) - 1;

    public void WriterCriticalSectionExit(long criticalValueAtEnter)
    {
        if (criticalValueAtEnter < 0) Interlocked.Increment(ref _oddEndEpoch);
        else Interlocked.Increment(ref _evenEndEpoch);
    }

    /// <summary>Serializes readers; <see cref="FlipPhase"/> must be called with it held.</summary>
    public Lock.Scope EnterReaderLock() => _readerLock.EnterScope();

    /// <summary>Starts a new phase and returns once every writer of the previous phase has left.</summary>
    public void FlipPhase()
    {
        if (!_readerLock.IsHeldByCurrentThread)
            throw new InvalidOperationException("FlipPhase must be called while holding the reader lock.");
        bool nextPhaseIsEven = Volatile.Read(ref _startEpoch) < 0;
        long initialStartValue = nextPhaseIsEven ? 0 : long.MinValue;
        // Reset the next phase's end epoch before writers can enter it.
        if (nextPhaseIsEven) Volatile.Write(ref _evenEndEpoch, initialStartValue);
        else Volatile.Write(ref _oddEndEpoch, initialStartValue);
        long startValueAtFlip = Interlocked.Exchange(ref _startEpoch, initialStartValue);

        var spinner = new SpinWait();
        while ((nextPhaseIsEven ? Volatile.Read(ref _oddEndEpoch) : Volatile.Read(ref _evenEndEpoch)) != startValueAtFlip)
            spinner.SpinOnce();
    }
}
