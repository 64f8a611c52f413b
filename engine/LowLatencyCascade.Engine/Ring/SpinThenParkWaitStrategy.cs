namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Spins briefly (plain re-reads, about a microsecond), yields a few times, then parks on a monitor; the
/// producer and the stages signal only when a stage is parked (LMAX's phased back-off with lite blocking).
/// A busy ring costs what the yielding strategy costs; an idle one burns no core, so it suits a box with fewer
/// cores than threads. A parked stage wakes on the next publish; the park is timed, so the sequence and the
/// alert are re-read at least every <c>recheckInterval</c> even if a wake-up were ever missed.
/// </summary>
public sealed class SpinThenParkWaitStrategy : IWaitStrategy
{
    private readonly object _gate = new();
    private readonly int _spinTries;
    private readonly int _yieldTries;
    private readonly TimeSpan _recheckInterval;
    private int _parked;

    /// <param name="spinTries">Plain re-reads before yielding (100 take well under a microsecond).</param>
    /// <param name="yieldTries">Yields before parking.</param>
    /// <param name="recheckInterval">Longest park between re-reads; one millisecond by default.</param>
    public SpinThenParkWaitStrategy(int spinTries = 100, int yieldTries = 10, TimeSpan? recheckInterval = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spinTries);
        ArgumentOutOfRangeException.ThrowIfNegative(yieldTries);
        _spinTries = spinTries;
        _yieldTries = yieldTries;
        _recheckInterval = recheckInterval ?? TimeSpan.FromMilliseconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_recheckInterval, TimeSpan.Zero, nameof(recheckInterval));
    }

    /// <summary>Stages parked right now (for tests and metrics).</summary>
    public int ParkedCount => Volatile.Read(ref _parked);

    public long WaitFor(long sequence, Sequence cursor, ISequence dependentSequence, ISequenceBarrier barrier)
    {
        long available;
        int spins = _spinTries;
        int yields = _yieldTries;
        while ((available = dependentSequence.Value) < sequence)
        {
            barrier.CheckAlert();
            if (spins > 0)
            {
                spins--;
            }
            else if (yields > 0)
            {
                yields--;
                Thread.Yield();
            }
            else
            {
                return Park(sequence, dependentSequence, barrier);
            }
        }
        return available;
    }

    private long Park(long sequence, ISequence dependentSequence, ISequenceBarrier barrier)
    {
        long available;
        lock (_gate)
        {
            // The increment is a full fence: a signaller that moved its sequence before it can see the count
            // either has its move seen by the read below, or sees the count and pulses under the same lock.
            Interlocked.Increment(ref _parked);
            try
            {
                while ((available = dependentSequence.Value) < sequence)
                {
                    barrier.CheckAlert();
                    Monitor.Wait(_gate, _recheckInterval);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _parked);
            }
        }
        return available;
    }

    public void SignalAllWhenBlocking()
    {
        // The fence keeps the read of the count from passing the sequence write just before this call
        // (a store followed by a load may otherwise be reordered); the lock is taken only for a parked stage.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _parked) == 0) return;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
