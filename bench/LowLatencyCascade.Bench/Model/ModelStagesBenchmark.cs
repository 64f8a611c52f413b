using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Bench.Model;

/// <summary>
/// Cost per event through the four model stages (velocity, volatility, regime, scoring) in order on one thread,
/// cycling through <see cref="ModelEventMix"/>: each call copies the next template into the working slot, as a
/// producer would, and runs it; each lap of the mix is replayed later in event time so windows keep moving.
/// Expected: 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class ModelStagesBenchmark
{
    private MarketEvent[] _mix = [];
    private CascadeModel _model = null!;
    private MarketEvent _slot;
    private long _offsetMs;
    private int _next;

    [Params("default", "spec")]
    public string Preset { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        var symbols = ModelEventMix.Symbols();
        _mix = ModelEventMix.Build(symbols);
        var options = Preset == "spec" ? CascadeModelOptions.SpecPreset() : CascadeModelOptions.Default();
        _model = new CascadeModel(symbols, options);
        // One lap first: windows, baselines and the warm-up filled.
        for (int i = 0; i < _mix.Length; i++) OneEvent();
    }

    [Benchmark]
    public bool OneEvent()
    {
        if (_next == _mix.Length)
        {
            _next = 0;
            _offsetMs += ModelEventMix.Seconds * 1000L;
        }
        _slot = _mix[_next];
        _slot.ExchangeTimeMs += _offsetMs;
        _model.Process(ref _slot, _next++);
        return _slot.Signal.Generated;
    }
}
