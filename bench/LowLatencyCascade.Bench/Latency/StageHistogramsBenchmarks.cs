using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;

namespace LowLatencyCascade.Bench.Latency;

/// <summary>
/// Cost per slot of recording its seven stage latencies on the last stage thread: <see cref="StageLatencies.Record"/>
/// (one single-writer phaser section, plain increments) against one multi-writer <see cref="Recorder"/> per stage
/// (the baseline: a phaser section and atomic increments per value, how the stage latencies were first recorded).
/// Both allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class StageHistogramsBenchmarks
{
    private const int Slots = 1024;
    private readonly MarketEvent[] _slots = new MarketEvent[Slots];
    private readonly Recorder[] _recorders = new Recorder[StageLatencies.Names.Length];
    private StageLatencies _latencies = null!;

    [GlobalSetup]
    public void Setup()
    {
        ulong state = 0x9E3779B97F4A7C15;
        long Next()
        {
            state = state * 6364136223846793005 + 1442695040888963407;
            return 50 + (long)(state >> 52);   // 50..4145 ticks apart
        }
        for (int i = 0; i < Slots; i++)
        {
            long t = 1_000_000 + i * 10_000L;
            ref var s = ref _slots[i].Stamps;
            s.Ingress = t;
            s.Decoded = t += Next();
            s.Velocity = t + Next();
            s.Volatility = t + Next();
            s.Regime = t = Math.Max(s.Velocity, s.Volatility) + Next();
            s.Scored = t += Next();
            _slots[i].Signal.Generated = i % 3 == 0;
            if (_slots[i].Signal.Generated) s.Published = t + Next();
        }
        for (int i = 0; i < _recorders.Length; i++) _recorders[i] = new Recorder(1, StageLatencies.HighestTrackableNanos, 3);
        _latencies = new StageLatencies();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Slots)]
    public void RecorderPerStage()
    {
        foreach (ref var slot in _slots.AsSpan())
        {
            ref readonly var s = ref slot.Stamps;
            _recorders[StageLatencies.Decode].RecordValue(s.Decoded - s.Ingress);
            _recorders[StageLatencies.Velocity].RecordValue(s.Velocity - s.Decoded);
            _recorders[StageLatencies.Volatility].RecordValue(s.Volatility - s.Decoded);
            _recorders[StageLatencies.Regime].RecordValue(s.Regime - Math.Max(s.Velocity, s.Volatility));
            _recorders[StageLatencies.Scoring].RecordValue(s.Scored - s.Regime);
            long end = s.Scored;
            if (slot.Signal.Generated)
            {
                _recorders[StageLatencies.Publish].RecordValue(s.Published - s.Scored);
                end = s.Published;
            }
            _recorders[StageLatencies.EndToEnd].RecordValue(end - s.Ingress);
        }
    }

    [Benchmark(OperationsPerInvoke = Slots)]
    public void StageLatenciesRecord()
    {
        foreach (ref var slot in _slots.AsSpan()) _latencies.Record(ref slot);
    }
}
