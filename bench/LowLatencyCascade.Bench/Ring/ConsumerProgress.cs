using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// How a benchmark invocation waits for its last consumer to catch up, so it measures the whole hand-off and
/// not just the producer filling a buffer. Spins, then yields: on a small machine the consumer needs the core.
/// </summary>
public static class ConsumerProgress
{
    public static void WaitUntil(Sequence sequence, long target)
    {
        var backOff = new SpinWait();
        while (sequence.Value < target) backOff.SpinOnce(sleep1Threshold: -1);
    }

    public static void WaitUntil(ref long counter, long target)
    {
        var backOff = new SpinWait();
        while (Volatile.Read(ref counter) < target) backOff.SpinOnce(sleep1Threshold: -1);
    }
}
