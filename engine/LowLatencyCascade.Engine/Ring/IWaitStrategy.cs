namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// How a stage waits for work: the trade between latency and the CPU it burns while idle.
/// Every implementation checks the barrier's alert while it waits, so halting a stage never hangs.
/// </summary>
public interface IWaitStrategy
{
    /// <summary>
    /// Wait until <paramref name="dependentSequence"/> reaches <paramref name="sequence"/> and return its value
    /// (which may be larger). <paramref name="cursor"/> is the ring's cursor, which blocking strategies watch
    /// under their lock; <paramref name="dependentSequence"/> is the cursor itself or the upstream stages.
    /// May return a smaller value after a timeout.
    /// </summary>
    /// <exception cref="AlertException">The barrier was alerted.</exception>
    long WaitFor(long sequence, Sequence cursor, ISequence dependentSequence, ISequenceBarrier barrier);

    /// <summary>
    /// Wake waiters that block; called on every publish, after every stage batch and on alert. Free for the
    /// spinning strategies.
    /// </summary>
    void SignalAllWhenBlocking();
}
