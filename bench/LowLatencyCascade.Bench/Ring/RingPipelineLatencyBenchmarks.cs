using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// The three-stage pipeline's latency with one event in flight: publish one slot, wait until the third stage
/// has finished it, publish the next. The rate is paced by completion, so the stages are idle in their wait
/// strategy when each event arrives and the time per operation is the hand-off through three stages, wake-ups
/// included. Fixed-rate percentiles (20,000 events/s) are in the Disruptor-net comparison in BENCHMARKS.md.
/// </summary>
[MemoryDiagnoser]
public class RingPipelineLatencyBenchmarks
{
    private const int Events = 1 << 12;

    private RingBuffer<BenchSlot> _ring = null!;
    private StageGraph<BenchSlot> _graph = null!;
    private Sequence _last = null!;

    [Params("yielding", "spin-then-park")]
    public string Wait { get; set; } = "yielding";

    [GlobalSetup]
    public void Setup()
    {
        _ring = RingBuffer<BenchSlot>.CreateSingleProducer(1024, WaitStrategies.Parse(Wait));
        _graph = new StageGraph<BenchSlot>(_ring);
        _graph.HandleEventsWith(new StageOptions("first"), new SummingStage())
            .Then(new StageOptions("second"), new SummingStage())
            .Then(new StageOptions("third"), new SummingStage());
        _graph.Start();
        _last = _graph.Stages[^1].Sequence;
    }

    [GlobalCleanup]
    public void Cleanup() => _graph.Halt(TimeSpan.FromSeconds(30));

    [Benchmark(OperationsPerInvoke = Events)]
    public void OneInFlight()
    {
        var ring = _ring;
        var last = _last;
        for (int i = 0; i < Events; i++)
        {
            long sequence = ring.Next();
            ring[sequence].Value = sequence;
            ring.Publish(sequence);
            // Spin, then yield: the producer must not hold the core a stage needs on a small machine.
            int spins = 0;
            while (last.Value < sequence)
            {
                if (++spins > 100) Thread.Yield();
            }
        }
    }
}
