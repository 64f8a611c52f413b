using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Signals;

namespace LowLatencyCascade.Bench.Model;

/// <summary>Cost of encoding one generated signal (a scored slot from a burst) with the reused writer. Expected: 0 B allocated.</summary>
[MemoryDiagnoser]
public class JsonEncodeBenchmark
{
    private SignalJsonEncoder _encoder = null!;
    private MarketEvent _slot;

    [GlobalSetup]
    public void Setup()
    {
        var symbols = ModelEventMix.Symbols();
        var model = new CascadeModel(symbols, CascadeModelOptions.Default());
        var mix = ModelEventMix.Build(symbols);
        foreach (var template in mix)
        {
            var slot = template;
            model.Process(ref slot);
            if (slot.Signal.Generated && (slot.Kind == EventKind.Liquidation || _slot.Kind == EventKind.None)) _slot = slot;
        }
        _encoder = new SignalJsonEncoder(symbols);
    }

    [Benchmark]
    public int EncodeSignal() => _encoder.Encode(ref _slot).Length;
}
