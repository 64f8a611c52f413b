namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Blocks on a monitor until what the stage waits for moves: no CPU burnt while idle, a wake-up's latency on
/// every quiet-to-busy edge. Producers signal on publish and stages signal after each batch (see
/// <see cref="BatchEventProcessor{T}"/>), so a stage behind other stages blocks too instead of spinning on
/// them. The wait is timed, so the sequence and the alert are re-checked even if a pulse were ever missed.
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
        long available = dependentSequence.Value;
        if (available >= sequence) return available;

        lock (_gate)
        {
            // Checked under the lock that signallers take after moving their sequence: no wake-up is lost
            // between this read and the wait.
            while ((available = dependentSequence.Value) < sequence)
            {
                barrier.CheckAlert();
                Monitor.Wait(_gate, _recheckInterval);
            }
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
