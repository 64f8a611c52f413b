using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Bench.Publishing;

/// <summary>
/// What attaching the Redis sink costs the ring: the publish stage's per-signal hand-off (encode lookup, copy into
/// the sink queue, wake the sink thread, stamp) with the Redis sink attached against an in-memory sink, in the
/// same run. Each iteration is one burst that fits the queue; the iteration setup waits until the sink thread has
/// drained the previous burst, so the burst measures the hand-off, never the drop path.
/// <para>
/// BenchmarkDotNet counts allocations process-wide: with the in-memory sink Allocated reads 0 B; with Redis it
/// shows the sink thread's own per-signal work (the value copy and command tasks of StackExchange.Redis) running
/// in parallel, not the hand-off, which <c>PublishStageTests.The_hand_off_allocates_nothing_per_signal</c> pins
/// to 0 B on the calling thread.
/// </para>
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1, unrollFactor: 1)]
public class RedisHandOffLatencyBenchmarks
{
    private const int Burst = 4096;
    private RedisServerProcess? _server;
    private RedisSignalSink? _redis;
    private SinkRunner _runner = null!;
    private PublishStage _stage = null!;
    private MarketEvent[] _slots = null!;
    private long _sequence;

    [Params("memory", "redis")]
    public string Sink { get; set; } = "memory";

    [GlobalSetup]
    public void Setup()
    {
        var symbols = SymbolTable.Of(BenchSignals.SymbolNames);
        ISignalSink sink;
        if (Sink == "redis")
        {
            _server = RedisServerProcess.StartOrUse("CASCADE_BENCH_REDIS");
            _redis = RedisSignalSink.Connect(new RedisSinkOptions { Endpoint = _server.Endpoint }, symbols);
            sink = _redis;
        }
        else
        {
            sink = new InMemorySignalSink(capacity: 1024);
        }
        _runner = new SinkRunner(sink, queueCapacity: Burst * 2, maxMessageBytes: 1024);
        _runner.Start();
        _stage = new PublishStage(new BenchSignals.PreEncoded(), [_runner]);
        _slots = BenchSignals.Slots(Burst);
    }

    [IterationSetup]
    public void WaitForSinkToDrain()
    {
        if (!_runner.WaitUntilDrained(TimeSpan.FromSeconds(30))) throw new TimeoutException("the sink thread did not drain");
        _redis?.WaitForAcknowledgements(TimeSpan.FromSeconds(30));
    }

    [Benchmark(OperationsPerInvoke = Burst)]
    public long HandOff()
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++) _stage.OnEvent(ref slots[i], _sequence++, endOfBatch: (i & 15) == 15);
        return _stage.Published;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// {Sink} sink: {_runner.Stats}");
        _runner.Dispose();
        _redis?.Dispose();
        _server?.Dispose();
    }
}
