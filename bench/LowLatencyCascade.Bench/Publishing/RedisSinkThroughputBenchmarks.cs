using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using StackExchange.Redis;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Bench.Publishing;

/// <summary>
/// Signals per second into a real Redis: one round trip per command (what a naive publisher does) against the
/// sink's pipelined batches, written directly and through the sink thread as the pipeline runs it. Each signal is
/// PUBLISH cascade:signals (+ alerts/critical by level) and ZADD history, plus per-batch trims and probability keys.
/// 1/Mean is signals per second.
/// </summary>
[MemoryDiagnoser]
public class RedisSinkThroughputBenchmarks
{
    private const int Signals = 2048;
    private RedisServerProcess _server = null!;
    private RedisSignalSink _sink = null!;
    private SinkRunner _runner = null!;
    private RedisSignalSink _runnerRedis = null!;
    private ConnectionMultiplexer _direct = null!;
    private MarketEvent[] _slots = null!;
    private byte[][] _json = null!;
    private SymbolTable _symbols = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = RedisServerProcess.StartOrUse("CASCADE_BENCH_REDIS");
        _symbols = SymbolTable.Of(BenchSignals.SymbolNames);
        var options = new RedisSinkOptions { Endpoint = _server.Endpoint, QueueCapacity = 4096 };
        _sink = RedisSignalSink.Connect(options, _symbols);
        _runnerRedis = RedisSignalSink.Connect(options, _symbols);
        _runner = new SinkRunner(_runnerRedis, options.QueueCapacity);
        _runner.Start();
        _direct = ConnectionMultiplexer.Connect(_server.Endpoint);
        _slots = BenchSignals.Slots(Signals);
        var encoder = new BenchSignals.PreEncoded();
        _json = _slots.Select(s => encoder.Encode(ref s).ToArray()).ToArray();
        if (!_sink.IsConnected) throw new InvalidOperationException($"cannot reach Redis at {_server.Endpoint}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Signals)]
    public void RoundTripPerCommand()
    {
        var db = _direct.GetDatabase();
        for (int i = 0; i < Signals; i++)
        {
            ref readonly var slot = ref _slots[i];
            db.Publish(RedisSignalSink.SignalsChannel, _json[i]);
            if (slot.Signal.Level >= SignalLevel.Alert) db.Publish(RedisSignalSink.AlertsChannel, _json[i]);
            if (slot.Signal.Level >= SignalLevel.Critical) db.Publish(RedisSignalSink.CriticalChannel, _json[i]);
            db.SortedSetAdd($"cascade:signals:history:{_symbols.NameOf(slot.SymbolId)}", _json[i], slot.EventTimeMs / 1000.0);
        }
    }

    [Benchmark(OperationsPerInvoke = Signals)]
    public void PipelinedSinkBatches()
    {
        for (int i = 0; i < Signals; i++)
        {
            ref readonly var slot = ref _slots[i];
            var message = new SignalMessage(_json[i], slot.SymbolId, slot.Signal.Level, slot.Signal.Probability, slot.EventTimeMs);
            _sink.Write(in message);
            if ((i & 255) == 255) _sink.Flush(); // the runner's batch size
        }
        _sink.Flush();
        if (!_sink.WaitForAcknowledgements(TimeSpan.FromSeconds(30))) throw new TimeoutException("Redis did not acknowledge");
    }

    [Benchmark(OperationsPerInvoke = Signals)]
    public void ThroughSinkThread()
    {
        var queue = _runner.Queue;
        for (int i = 0; i < Signals; i++)
        {
            ref readonly var slot = ref _slots[i];
            queue.TryEnqueue(_json[i], slot.SymbolId, slot.Signal.Level, slot.Signal.Probability, slot.EventTimeMs);
        }
        if (!_runner.WaitUntilDrained(TimeSpan.FromSeconds(30)) || !_runnerRedis.WaitForAcknowledgements(TimeSpan.FromSeconds(30)))
            throw new TimeoutException("the sink thread did not drain");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var stats = _runner.Stats;
        Console.WriteLine($"// redis sink thread: {stats}");
        Console.WriteLine($"// direct sink: {_sink.Stats}");
        _runner.Dispose();
        _runnerRedis.Dispose();
        _sink.Dispose();
        _direct.Dispose();
        _server.Dispose();
    }
}
