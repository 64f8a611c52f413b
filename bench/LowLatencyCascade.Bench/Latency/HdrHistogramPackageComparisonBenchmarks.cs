extern alias HdrHistogramPackage;
using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Latency;
using Pkg = HdrHistogramPackage::HdrHistogram;

namespace LowLatencyCascade.Bench.Latency;

/// <summary>
/// Keeps the in-house histogram honest: the same values recorded by it and by the HdrHistogram NuGet package
/// (2.5.0, referenced by the bench and the tests only), per recorded value: a plain histogram, the multi-writer
/// Recorder, and coordinated-omission correction (<c>RecordValueWithExpectedInterval</c>) at an expected interval
/// of 1,000 ns, where each value above 2 µs back-fills value/1,000 - 1 missing samples. Values are the 100 ns to
/// ~10 ms log-spread set of <see cref="HistogramRecordBenchmarks"/>. <c>./run.sh bench HdrHistogramPackage</c>.
/// </summary>
[MemoryDiagnoser]
public class HdrHistogramPackageComparisonBenchmarks
{
    private const int ValuesPerOperation = 1024;
    private const long Highest = 3_600_000_000_000;
    private const long ExpectedInterval = 1_000;
    private readonly long[] _values = new long[ValuesPerOperation];
    private HdrHistogram _ours = null!;
    private Recorder _oursRecorder = null!;
    private Pkg.LongHistogram _package = null!;
    private Pkg.Recorder _packageRecorder = null!;

    [GlobalSetup]
    public void Setup()
    {
        ulong state = 0x9E3779B97F4A7C15;
        for (int i = 0; i < _values.Length; i++)
        {
            state = state * 6364136223846793005 + 1442695040888963407;
            int shift = (int)(state >> 59) % 17;
            _values[i] = 100 + ((long)(state >> 40) & 0x3FF) * (1L << shift) / 8;
        }
        _ours = new HdrHistogram(1, Highest, 3);
        _oursRecorder = new Recorder(1, Highest, 3);
        _package = new Pkg.LongHistogram(1, Highest, 3);
        _packageRecorder = new Pkg.Recorder(1, Highest, 3, (id, low, high, digits) => new Pkg.LongConcurrentHistogram(id, low, high, digits));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ValuesPerOperation)]
    public void InHouse_RecordValue()
    {
        var h = _ours;
        foreach (long v in _values) h.RecordValue(v);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void Package_RecordValue()
    {
        var h = _package;
        foreach (long v in _values) h.RecordValue(v);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void InHouse_Recorder_RecordValue()
    {
        var r = _oursRecorder;
        foreach (long v in _values) r.RecordValue(v);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void Package_Recorder_RecordValue()
    {
        var r = _packageRecorder;
        foreach (long v in _values) r.RecordValue(v);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void InHouse_RecordValueWithExpectedInterval()
    {
        var h = _ours;
        foreach (long v in _values) h.RecordValueWithExpectedInterval(v, ExpectedInterval);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void Package_RecordValueWithExpectedInterval()
    {
        var h = _package;
        foreach (long v in _values) h.RecordValueWithExpectedInterval(v, ExpectedInterval);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void InHouse_Recorder_RecordValueWithExpectedInterval()
    {
        var r = _oursRecorder;
        foreach (long v in _values) r.RecordValueWithExpectedInterval(v, ExpectedInterval);
    }

    [Benchmark(OperationsPerInvoke = ValuesPerOperation)]
    public void Package_Recorder_RecordValueWithExpectedInterval()
    {
        var r = _packageRecorder;
        foreach (long v in _values) r.RecordValueWithExpectedInterval(v, ExpectedInterval);
    }
}
