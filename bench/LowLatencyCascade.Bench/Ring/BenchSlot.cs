namespace LowLatencyCascade.Bench.Ring;

/// <summary>The ring slot the ring benchmarks move: one value, like the Channels twins' <c>long</c>.</summary>
public struct BenchSlot
{
    public long Value;
}
