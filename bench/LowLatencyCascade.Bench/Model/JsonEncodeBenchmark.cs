using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Signals;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Bench.Model;

/// <summary>
/// Cost of encoding one generated signal (a scored slot from a burst): the direct encoder the publish stage runs,
/// against the same bytes written with <c>Utf8JsonWriter</c> (the baseline). Expected: 0 B allocated for both.
/// </summary>
[MemoryDiagnoser]
public class JsonEncodeBenchmark
{
    private SignalJsonEncoder _encoder = null!;
    private ReferenceSignalJsonEncoder _reference = null!;
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
        _reference = new ReferenceSignalJsonEncoder(symbols);
    }

    [Benchmark(Baseline = true)]
    public int Utf8JsonWriterEncode() => _reference.Encode(ref _slot).Length;

    [Benchmark]
    public int EncodeSignal() => _encoder.Encode(ref _slot).Length;
}
