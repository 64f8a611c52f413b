namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Spins, then yields, then sleeps between checks: nearly idle when there is no traffic, at the price of up
/// to one sleep of latency on the first event after a quiet spell. For stages off the latency-critical path.
/// </summary>
public sealed class SleepingWaitStrategy : IWaitStrategy
{
    private readonly int _spinTries;
    private readonly int _yieldTries;
    private readonly int _sleepMilliseconds;

    /// <param name="spinTries">Checks made spinning before yielding.</param>
    /// <param name="yieldTries">Checks made yielding before sleeping.</param>
    /// <param name="sleepMilliseconds">Sleep between checks once idle; 0 only gives up the rest of the time slice.</param>
    public SleepingWaitStrategy(int spinTries = 100, int yieldTries = 100, int sleepMilliseconds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(spinTries);
        ArgumentOutOfRangeException.ThrowIfNegative(yieldTries);
        ArgumentOutOfRangeException.ThrowIfNegative(sleepMilliseconds);
        _spinTries = spinTries;
        _yieldTries = yieldTries;
        _sleepMilliseconds = sleepMilliseconds;
    }

    public long WaitFor(long sequence, Sequence cursor, ISequence dependentSequence, ISequenceBarrier barrier)
    {
        int spins = _spinTries;
        int yields = _yieldTries;
        long available;
        while ((available = dependentSequence.Value) < sequence)
        {
            barrier.CheckAlert();
            if (spins > 0)
            {
                spins--;
                Thread.SpinWait(1);
            }
            else if (yields > 0)
            {
                yields--;
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(_sleepMilliseconds);
            }
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
}
