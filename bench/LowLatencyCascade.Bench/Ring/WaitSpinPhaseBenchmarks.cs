using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// How long the yielding strategy's spin phase holds the core before its first yield: 100 checks of a sequence
/// that does not move, with the barrier's alert read each time. <c>SpinWait1</c> is the phase as it was
/// (<c>Thread.SpinWait(1)</c> per check); <c>PlainReReads</c> is the phase now (the loop of
/// <see cref="YieldingWaitStrategy"/>); <c>Pause</c> is one <c>pause</c> instruction per check for reference.
/// </summary>
[MemoryDiagnoser]
public class WaitSpinPhaseBenchmarks
{
    private const int Checks = 100;
    private readonly Sequence _sequence = new();
    private volatile bool _alerted;

    [GlobalSetup]
    public void Setup() => _alerted = false;

    [Benchmark(Baseline = true)]
    public long SpinWait1()
    {
        long seen = 0;
        for (int i = 0; i < Checks; i++)
        {
            seen += _sequence.Value;
            if (_alerted) return -1;
            Thread.SpinWait(1);
        }
        return seen;
    }

    [Benchmark]
    public long PlainReReads()
    {
        long seen = 0;
        for (int i = 0; i < Checks; i++)
        {
            seen += _sequence.Value;
            if (_alerted) return -1;
        }
        return seen;
    }

    [Benchmark]
    public long Pause()
    {
        long seen = 0;
        for (int i = 0; i < Checks; i++)
        {
            seen += _sequence.Value;
            if (_alerted) return -1;
            if (System.Runtime.Intrinsics.X86.X86Base.IsSupported) System.Runtime.Intrinsics.X86.X86Base.Pause();
        }
        return seen;
    }
}
