namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Spins on the sequence without ever giving up the core: the lowest latency, for a stage pinned to a core
/// of its own. On a machine with fewer free cores than spinning stages it wastes whole time slices.
/// </summary>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    public long WaitFor(long sequence, Sequence cursor, ISequence dependentSequence, ISequenceBarrier barrier)
    {
        long available;
        while ((available = dependentSequence.Value) < sequence)
        {
            barrier.CheckAlert();
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
}
