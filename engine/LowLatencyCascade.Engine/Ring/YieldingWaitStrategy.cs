namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Spins briefly, then yields the core on every further check: low latency without starving the other
/// threads when stages outnumber cores (the usual choice on a small machine).
/// </summary>
public sealed class YieldingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    public long WaitFor(long sequence, Sequence cursor, ISequence dependentSequence, ISequenceBarrier barrier)
    {
        int counter = SpinTries;
        long available;
        while ((available = dependentSequence.Value) < sequence)
        {
            barrier.CheckAlert();
            if (counter > 0)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else
            {
                Thread.Yield();
            }
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
}
