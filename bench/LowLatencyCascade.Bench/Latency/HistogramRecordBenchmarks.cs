using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Latency;

namespace LowLatencyCascade.Bench.Latency;

/// <summary>
/// Cost per recorded value on a stage thread: the plain histogram, the Recorder's multi-writer path, and the
/// coordinated-omission-corrected path when no correction is needed. Each operation records
/// <see cref="ValuesPerOperation"/> values spread over many buckets; all paths allocate 0 B.
/// </summary>
[MemoryDiagnoser]
public class HistogramRecordBenchmarks
{
    private const int ValuesPerOperation = 1024;
    private readonly long[] _values = new long[ValuesPerOperation];
    private HdrHistogram _histogram = null!;
    private Recorder _recorder = null!;

    [GlobalSetup]
    public void Setup()
    {
        // Latencies in ns from ~100 ns to ~10 ms, log-spread: a deterministic LCG keeps runs comparable.
        ulong state = 0x9E3779B97F4A7C15;
        for (int i = 0; i < _values.Length; i++)
        {
            state = state * 6364136223846793005 + 1442695040888963407;
            int shift = (int)(state >> 59) % 17;
            _values[i] = 100 + ((long)(state >> 40) & 0x3FF) * (1L << shift) / 8;
        }
        _histogram = new HdrHistogram(1, 3_600_000_000_000, 3);
        _recorder = new Recorder(1, 3_600_000_000_000, 3);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ValuesPerOperation)]
    public void HdrHistogram_RecordValue()
    {
        HdrHistogram histogram = _histogram;
        foreach (long value in _values) histogram.RecordValue(value);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void HdrHistogram_RecordValueWithExpectedInterval()
    {
        HdrHistogram histogram = _histogram;
        foreach (long value in _values) histogram.RecordValueWithExpectedInterval(value, 100_000_000);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void Recorder_RecordValue()
    {
        Recorder recorder = _recorder;
        foreach (long value in _values) recorder.RecordValue(value);
    }
}
