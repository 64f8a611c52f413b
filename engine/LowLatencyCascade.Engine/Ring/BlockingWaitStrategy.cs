namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Blocks on a monitor until a producer publishes: no CPU burnt while idle, a wake-up's latency on every
/// quiet-to-busy edge. The wait is timed so that the cursor and the alert are re-checked even if a pulse were
/// ever missed; waiting for upstream stages (which do not signal) backs off through spinning, yielding and
/// short sleeps.
/// </summary>
public sealed class BlockingWaitStrategy : IWaitStrategy
{
    // A plain object, not System.Threading.Lock: Monitor.Wait/PulseAll need the object's monitor.
    private readonly object _gate = new();
    private readonly TimeSpan _recheckInterval;

    /// <param name="recheckInterval">
    /// Longest time a waiter blocks before it re-reads the cursor and the alert; defaults to one millisecond.
    /// </param>
    public BlockingWaitStrategy(TimeSpan? recheckInterval = null)
    {
        _recheckInterval = recheckInterval ?? TimeSpan.FromMilliseconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_recheckInterval, TimeSpan.Zero, nameof(recheckInterval));
    }

    public long WaitFor(long sequence, Sequence cursor, ISequence dependentSequence, ISequenceBarrier barrier)
    {
        if (cursor.Value < sequence)
        {
            lock (_gate)
            {
                while (cursor.Value < sequence)
                {
                    barrier.CheckAlert();
                    Monitor.Wait(_gate, _recheckInterval);
                }
            }
        }

        var backOff = new SpinWait();
        long available;
        while ((available = dependentSequence.Value) < sequence)
        {
            barrier.CheckAlert();
            backOff.SpinOnce();
        }
        return available;
    }

    public void SignalAllWhenBlocking()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
