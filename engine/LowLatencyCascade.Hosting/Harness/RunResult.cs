using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>What one run measured. Latencies are nanoseconds in the histograms, microseconds in the summaries.</summary>
public sealed class RunResult
{
    /// <summary>The percentiles every report gives, in percent.</summary>
    public static readonly double[] ReportedPercentiles = [50, 90, 99, 99.9, 99.99];

    public required RunSpec Spec { get; init; }

    /// <summary>Measured window in seconds: from the end of the warm-up to the last frame sent.</summary>
    public required double WindowSeconds { get; init; }

    /// <summary>Cumulative histograms of the measured window, in <see cref="StageLatencies.Names"/> order.</summary>
    public required HdrHistogram[] Stages { get; init; }

    /// <summary>One histogram per stage for each second of the window (the last may be shorter: the drain).</summary>
    public required IReadOnlyList<HdrHistogram[]> Intervals { get; init; }

    public required long FramesSent { get; init; }
    public required long FramesInWindow { get; init; }
    /// <summary>Frames a paced run was due to send but did not: the generator fell too far behind and was stopped.</summary>
    public required long FramesUnsent { get; init; }
    public required long EventsDecoded { get; init; }
    public required long FramesRejected { get; init; }
    public required double MaxGeneratorLagMicros { get; init; }

    /// <summary>Bytes the generator's thread (decoding included) allocated in the window; -1 when the window never started.</summary>
    public required long GeneratorAllocatedBytes { get; init; }

    public required GcFigures WarmupGc { get; init; }
    public required GcFigures WindowGc { get; init; }
    public required long WorkingSetBytes { get; init; }
    public required long GcHeapBytes { get; init; }

    /// <summary>The model's per-symbol signal interval in event time for this run (see <see cref="HarnessSettings.WallClockSignalPacing"/>).</summary>
    public required int SignalIntervalMs { get; init; }

    public required long SignalsPublished { get; init; }
    public required long SignalsDelivered { get; init; }
    public required long SignalsDropped { get; init; }

    /// <summary>Threads the run keeps busy or waiting: stages, the generator, sink threads (channels: pool workers instead of stages).</summary>
    public required int PipelineThreads { get; init; }

    /// <summary>With <c>--trace-allocations</c>: the types sampled allocating inside the window, most bytes first.</summary>
    public IReadOnlyList<(string Type, long Samples, long Bytes)> TopAllocations { get; init; } = [];

    /// <summary>Why the generator thread could not be pinned as asked (null when it was, or was not asked to be).</summary>
    public string? GeneratorPinFailure { get; init; }

    /// <summary>The process's context switches in the window (Linux; zero elsewhere).</summary>
    public ContextSwitches WindowContextSwitches { get; init; }

    public double AchievedFramesPerSecond => WindowSeconds > 0 ? FramesInWindow / WindowSeconds : 0;

    public HdrHistogram EndToEnd => Stages[StageLatencies.EndToEnd];

    /// <summary>p50 ... p99.99 then max of a stage, in microseconds.</summary>
    public double[] Micros(int stage)
    {
        var h = Stages[stage];
        var values = new double[ReportedPercentiles.Length + 1];
        for (int i = 0; i < ReportedPercentiles.Length; i++) values[i] = h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(ReportedPercentiles[i]) / 1000.0;
        values[^1] = h.GetMaxValue() / 1000.0;
        return values;
    }
}

/// <summary>Collections per generation and bytes allocated, process-wide, over one phase of a run.</summary>
public readonly record struct GcFigures(int Gen0, int Gen1, int Gen2, long AllocatedBytes)
{
    public static GcFigures Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: true));

    public GcFigures Since(GcFigures start) =>
        new(Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, AllocatedBytes - start.AllocatedBytes);
}
