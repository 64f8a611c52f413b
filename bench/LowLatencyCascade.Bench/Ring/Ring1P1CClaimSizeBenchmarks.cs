using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// One producer, one consumer, with the yielding strategy the pipeline uses on a small machine: one slot per
/// claim (a decoder publishing event by event) and 128 slots per claim (a frame's events at once). The shapes
/// of the Disruptor-net comparison in BENCHMARKS.md. Results are per event.
/// </summary>
[MemoryDiagnoser]
public class Ring1P1CClaimSizeBenchmarks
{
    private const int Events = 1 << 20;

    private RingBuffer<BenchSlot> _ring = null!;
    private StageGraph<BenchSlot> _graph = null!;
    private Sequence _consumer = null!;

    [Params(1, 128)]
    public int ClaimSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ring = RingBuffer<BenchSlot>.CreateSingleProducer(1 << 16, new YieldingWaitStrategy());
        _graph = new StageGraph<BenchSlot>(_ring);
        _graph.HandleEventsWith(new StageOptions("consumer"), new SummingStage());
        _graph.Start();
        _consumer = _graph.Stages[0].Sequence;
    }

    [GlobalCleanup]
    public void Cleanup() => _graph.Halt(TimeSpan.FromSeconds(30));

    [Benchmark(OperationsPerInvoke = Events)]
    public void Ring()
    {
        var ring = _ring;
        int claim = ClaimSize;
        for (int i = 0; i < Events; i += claim)
        {
            long hi = ring.Next(claim);
            long lo = hi - (claim - 1);
            for (long sequence = lo; sequence <= hi; sequence++) ring[sequence].Value = sequence;
            ring.Publish(lo, hi);
        }
        ConsumerProgress.WaitUntil(_consumer, ring.Cursor);
    }
}
