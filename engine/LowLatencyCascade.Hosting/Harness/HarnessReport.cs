using System.Globalization;
using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// Everything a harness invocation reports: the console tables, one <c>.hgrm</c> per run and stage, one histogram
/// log with every run's per-second intervals (tagged <c>run.stage</c>), percentile plots (every run's end-to-end in
/// one chart, one chart per rate, one per run with its stages), and one JSON file with every figure.
/// </summary>
public sealed class HarnessReport(HarnessEnvironment environment, IReadOnlyList<RunResult> runs)
{
    public const string HistogramLogFile = "latency.hlog";
    public const string PlotFile = "percentiles.svg";
    public const string TextFile = "report.txt";

    private static readonly string[] Columns = ["p50", "p90", "p99", "p99.9", "p99.99", "max"];

    public HarnessEnvironment Environment { get; } = environment;
    public IReadOnlyList<RunResult> Runs { get; } = runs;

    /// <summary>One run's table: count and p50 ... max per stage in microseconds, then rate, GC, memory and signals.</summary>
    public static string RunTable(RunResult run)
    {
        var sb = new StringBuilder();
        var spec = run.Spec;
        sb.Append(CultureInfo.InvariantCulture,
            $"== {spec.Name}: {spec.Layout}, target {(spec.IsSaturation ? "saturation" : RunSpec.RateLabel(spec.Rate) + " frames/s")}, " +
            $"{run.PipelineThreads} threads on {System.Environment.ProcessorCount} cores\n");
        sb.Append(CultureInfo.InvariantCulture, $"{"stage (µs)",-12}{"count",12}");
        foreach (var c in Columns) sb.Append(CultureInfo.InvariantCulture, $"{c,11}");
        sb.Append('\n');
        for (int s = 0; s < StageLatencies.Names.Length; s++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{StageLatencies.Names[s],-12}{run.Stages[s].TotalCount,12}");
            foreach (double v in run.Micros(s)) sb.Append(CultureInfo.InvariantCulture, $"{Micros(v),11}");
            sb.Append('\n');
        }
        sb.Append(CultureInfo.InvariantCulture,
            $"achieved {run.AchievedFramesPerSecond:N0} frames/s over {run.WindowSeconds:0.00} s ({run.FramesInWindow:N0} frames, {run.EventsDecoded:N0} events decoded in the run, {run.FramesRejected} rejected");
        if (run.FramesUnsent > 0) sb.Append(CultureInfo.InvariantCulture, $", {run.FramesUnsent:N0} due frames NOT sent: the pipeline could not keep up");
        sb.Append(CultureInfo.InvariantCulture, $"); generator max lag {run.MaxGeneratorLagMicros:N1} µs; ");
        sb.Append(CultureInfo.InvariantCulture, $"context switches {run.WindowContextSwitches.Voluntary:N0} voluntary, {run.WindowContextSwitches.Involuntary:N0} involuntary (preempted or yielded)\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"window GC: gen0 {run.WindowGc.Gen0}, gen1 {run.WindowGc.Gen1}, gen2 {run.WindowGc.Gen2}, allocated {run.WindowGc.AllocatedBytes:N0} B process-wide, {run.GeneratorAllocatedBytes:N0} B on the generator thread " +
            $"(warm-up: {run.WarmupGc.Gen0}/{run.WarmupGc.Gen1}/{run.WarmupGc.Gen2}, {run.WarmupGc.AllocatedBytes:N0} B); " +
            $"working set {run.WorkingSetBytes / 1048576.0:N0} MiB, GC heap {run.GcHeapBytes / 1048576.0:N0} MiB\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"signals (every {run.SignalIntervalMs:N0} ms of event time per symbol, and on level changes): {run.SignalsPublished:N0} published, {run.SignalsDelivered:N0} delivered to the sink, {run.SignalsDropped:N0} dropped (sink queue full)\n");
        if (run.GeneratorPinFailure is not null) sb.Append(CultureInfo.InvariantCulture, $"  the generator ran unpinned: {run.GeneratorPinFailure}\n");
        foreach (var (type, samples, bytes) in run.TopAllocations)
            sb.Append(CultureInfo.InvariantCulture, $"  allocating in the window: {type} ({samples} samples, ~{bytes:N0} B sampled)\n");
        return sb.ToString();
    }

    /// <summary>
    /// Per rate, the Channels baseline's end-to-end percentiles divided by each ring layout's: how many times
    /// better the ring is (above 1) or worse (below 1).
    /// </summary>
    public string RatioTable()
    {
        var sb = new StringBuilder();
        foreach (var group in Runs.GroupBy(r => r.Spec.Rate))
        {
            var baseline = group.FirstOrDefault(r => r.Spec.IsBaseline);
            if (baseline is null) continue;
            double[] b = baseline.Micros(StageLatencies.EndToEnd);
            // (the floor is no contender: it has no model)
            sb.Append(CultureInfo.InvariantCulture, $"end to end at {RunSpec.RateLabel(group.Key)}: Channels / ring (x times better)\n");
            sb.Append(CultureInfo.InvariantCulture, $"{"layout",-28}");
            foreach (var c in Columns) sb.Append(CultureInfo.InvariantCulture, $"{c,9}");
            sb.Append('\n');
            foreach (var run in group.Where(r => !r.Spec.IsBaseline && !r.Spec.IsFloor))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{run.Spec.Layout,-28}");
                foreach (double ratio in Ratios(b, run.Micros(StageLatencies.EndToEnd)))
                    sb.Append(CultureInfo.InvariantCulture, $"{(double.IsFinite(ratio) ? ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x" : "-"),9}");
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Per rate, each run's end-to-end percentiles divided by the floor's (<see cref="RunSpec.ForFloor"/>): how many
    /// times what the machine and the hand-off alone cost at that rate, measured in the same invocation.
    /// </summary>
    public string FloorRatioTable()
    {
        var sb = new StringBuilder();
        foreach (var group in Runs.GroupBy(r => r.Spec.Rate))
        {
            var floor = group.FirstOrDefault(r => r.Spec.IsFloor);
            if (floor is null) continue;
            double[] f = floor.Micros(StageLatencies.EndToEnd);
            sb.Append(CultureInfo.InvariantCulture, $"end to end at {RunSpec.RateLabel(group.Key)}: run / {floor.Spec.Name} (x times the floor)\n");
            sb.Append(CultureInfo.InvariantCulture, $"{"layout",-28}");
            foreach (var c in Columns) sb.Append(CultureInfo.InvariantCulture, $"{c,9}");
            sb.Append('\n');
            sb.Append(CultureInfo.InvariantCulture, $"{"floor (µs)",-28}");
            foreach (double v in f) sb.Append(CultureInfo.InvariantCulture, $"{Micros(v),9}");
            sb.Append('\n');
            foreach (var run in group.Where(r => !r.Spec.IsFloor))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{run.Spec.Layout,-28}");
                foreach (double ratio in Ratios(run.Micros(StageLatencies.EndToEnd), f))
                    sb.Append(CultureInfo.InvariantCulture, $"{(double.IsFinite(ratio) ? ratio.ToString("0.0", CultureInfo.InvariantCulture) + "x" : "-"),9}");
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }

    /// <summary>One line per run: the end-to-end figures side by side.</summary>
    public string SummaryTable()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"run",-36}{"frames/s",11}");
        foreach (var c in Columns) sb.Append(CultureInfo.InvariantCulture, $"{c,10}");
        sb.Append(CultureInfo.InvariantCulture, $"{"GC 0/1/2",10}{"alloc B",12}{"invol.cs/s",11}\n");
        foreach (var run in Runs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{run.Spec.Name,-36}{run.AchievedFramesPerSecond,11:N0}");
            foreach (double v in run.Micros(StageLatencies.EndToEnd)) sb.Append(CultureInfo.InvariantCulture, $"{Micros(v),10}");
            double preempted = run.WindowSeconds > 0 ? run.WindowContextSwitches.Involuntary / run.WindowSeconds : 0;
            sb.Append(CultureInfo.InvariantCulture, $"{$"{run.WindowGc.Gen0}/{run.WindowGc.Gen1}/{run.WindowGc.Gen2}",10}{run.WindowGc.AllocatedBytes,12:N0}{preempted,11:N0}\n");
        }
        return sb.ToString();
    }

    internal static double[] Ratios(double[] baseline, double[] ring)
    {
        var ratios = new double[baseline.Length];
        for (int i = 0; i < ratios.Length; i++) ratios[i] = ring[i] > 0 ? baseline[i] / ring[i] : double.NaN;
        return ratios;
    }

    private static string Micros(double us) => us switch
    {
        >= 10_000 => us.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => us.ToString("0.0", CultureInfo.InvariantCulture),
        _ => us.ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>Writes every file into <paramref name="directory"/> and the JSON to <paramref name="jsonPath"/>; returns the paths written.</summary>
    public IReadOnlyList<string> WriteFiles(string directory, string jsonPath)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        string Put(string name, string text)
        {
            string path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            written.Add(path);
            return path;
        }

        foreach (var run in Runs)
        {
            for (int s = 0; s < StageLatencies.Names.Length; s++)
            {
                using var text = new StringWriter(CultureInfo.InvariantCulture);
                HistogramOutput.WritePercentileDistribution(text, run.Stages[s], outputValueUnitScalingRatio: 1000);
                Put($"{run.Spec.Name}.{StageLatencies.Names[s]}.hgrm", text.ToString());
            }
            Put($"{run.Spec.Name}.svg", PercentilePlot.Svg($"{run.Spec.Name}: latency by stage",
                [.. Enumerable.Range(0, StageLatencies.Names.Length).Select(s => Series(StageLatencies.Names[s], run.Stages[s]))]));
        }
        Put(PlotFile, PercentilePlot.Svg("end to end, every run", [.. Runs.Select(r => Series(r.Spec.Name, r.EndToEnd))]));
        foreach (var group in Runs.GroupBy(r => r.Spec.Rate))
        {
            Put($"percentiles-{RunSpec.RateLabel(group.Key)}.svg",
                PercentilePlot.Svg($"end to end at {RunSpec.RateLabel(group.Key)}", [.. group.Select(r => Series(r.Spec.Layout, r.EndToEnd))]));
        }
        Put(HistogramLogFile, HistogramLog());
        Put(TextFile, Text());

        string? jsonDir = Path.GetDirectoryName(Path.GetFullPath(jsonPath));
        if (jsonDir is not null) Directory.CreateDirectory(jsonDir);
        File.WriteAllBytes(jsonPath, Json());
        written.Add(jsonPath);
        return written;
    }

    /// <summary>The whole console report as text.</summary>
    public string Text()
    {
        var sb = new StringBuilder();
        sb.Append(Environment.Describe()).Append('\n');
        foreach (var run in Runs) sb.Append(RunTable(run)).Append('\n');
        sb.Append("summary (end to end, µs)\n").Append(SummaryTable()).Append('\n');
        sb.Append(RatioTable());
        sb.Append(FloorRatioTable());
        return sb.ToString();
    }

    private static PercentilePlot.Series Series(string label, HdrHistogram h) =>
        new(label, p => h.TotalCount == 0 ? 0 : h.GetValueAtPercentile(p) / 1000.0, h.GetMaxValue() / 1000.0);

    /// <summary>HdrHistogram's log format: every run's intervals, tagged <c>run.stage</c>, values in nanoseconds.</summary>
    public string HistogramLog()
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var log = new HistogramLogWriter(text);
        log.WriteLogFormatVersion();
        log.WriteComment("[cascade bench e2e: per-second intervals of every run; tag = run.stage; values in nanoseconds]");
        log.WriteStartTime(Environment.Started);
        log.WriteBaseTime(Environment.Started);
        log.WriteLegend();
        long baseMs = Environment.Started.ToUnixTimeMilliseconds();
        foreach (var run in Runs)
        {
            foreach (var interval in run.Intervals)
            {
                for (int s = 0; s < StageLatencies.Names.Length; s++)
                {
                    var h = interval[s];
                    double start = (h.StartTimeStampMsec - baseMs) / 1000.0;
                    double length = Math.Max(0, h.EndTimeStampMsec - h.StartTimeStampMsec) / 1000.0;
                    log.WriteInterval(h, Math.Max(0, start), length, $"{run.Spec.Name}.{StageLatencies.Names[s]}", maxValueUnitRatio: 1000);
                }
            }
        }
        return text.ToString();
    }

    /// <summary>Every figure, for scripts: environment, then per run its settings, rates, GC, memory, signals and each stage's percentiles.</summary>
    public byte[] Json()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("environment");
            Environment.WriteJson(json);
            json.WriteEndObject();
            json.WriteStartArray("runs");
            foreach (var run in Runs) WriteRun(json, run);
            json.WriteEndArray();
            json.WriteStartArray("ratios");
            foreach (var group in Runs.GroupBy(r => r.Spec.Rate))
            {
                var baseline = group.FirstOrDefault(r => r.Spec.IsBaseline);
                if (baseline is null) continue;
                foreach (var run in group.Where(r => !r.Spec.IsBaseline && !r.Spec.IsFloor))
                {
                    json.WriteStartObject();
                    json.WriteNumber("rate", group.Key);
                    json.WriteString("layout", run.Spec.Layout);
                    json.WriteString("run", run.Spec.Name);
                    json.WriteString("baseline", baseline.Spec.Name);
                    json.WriteStartObject("channels_over_ring");
                    var ratios = Ratios(baseline.Micros(StageLatencies.EndToEnd), run.Micros(StageLatencies.EndToEnd));
                    for (int i = 0; i < Columns.Length; i++)
                    {
                        if (double.IsFinite(ratios[i])) json.WriteNumber(Columns[i], Math.Round(ratios[i], 3));
                        else json.WriteNull(Columns[i]);
                    }
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            json.WriteStartArray("floor_ratios");
            foreach (var group in Runs.GroupBy(r => r.Spec.Rate))
            {
                var floor = group.FirstOrDefault(r => r.Spec.IsFloor);
                if (floor is null) continue;
                foreach (var run in group.Where(r => !r.Spec.IsFloor))
                {
                    json.WriteStartObject();
                    json.WriteNumber("rate", group.Key);
                    json.WriteString("layout", run.Spec.Layout);
                    json.WriteString("run", run.Spec.Name);
                    json.WriteString("floor", floor.Spec.Name);
                    json.WriteStartObject("run_over_floor");
                    var ratios = Ratios(run.Micros(StageLatencies.EndToEnd), floor.Micros(StageLatencies.EndToEnd));
                    for (int i = 0; i < Columns.Length; i++)
                    {
                        if (double.IsFinite(ratios[i])) json.WriteNumber(Columns[i], Math.Round(ratios[i], 3));
                        else json.WriteNull(Columns[i]);
                    }
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteRun(Utf8JsonWriter json, RunResult run)
    {
        var spec = run.Spec;
        json.WriteStartObject();
        json.WriteString("name", spec.Name);
        json.WriteString("pipeline", spec.Pipeline);
        json.WriteString("layout", spec.Layout);
        json.WriteString("topology", spec.Topology);
        json.WriteString("wait_strategy", spec.WaitStrategy);
        json.WriteStartArray("cpus");
        foreach (int cpu in spec.Cpus) json.WriteNumberValue(cpu);
        json.WriteEndArray();
        json.WriteNumber("target_rate", spec.Rate);
        json.WriteBoolean("saturation", spec.IsSaturation);
        json.WriteNumber("window_seconds", Math.Round(run.WindowSeconds, 6));
        json.WriteNumber("achieved_frames_per_second", Math.Round(run.AchievedFramesPerSecond, 1));
        json.WriteNumber("frames_sent", run.FramesSent);
        json.WriteNumber("frames_in_window", run.FramesInWindow);
        json.WriteNumber("frames_unsent", run.FramesUnsent);
        json.WriteNumber("events_decoded", run.EventsDecoded);
        json.WriteNumber("frames_rejected", run.FramesRejected);
        json.WriteNumber("generator_allocated_bytes", run.GeneratorAllocatedBytes);
        json.WriteNumber("generator_max_lag_us", Math.Round(run.MaxGeneratorLagMicros, 3));
        json.WriteNumber("threads", run.PipelineThreads);
        json.WriteNumber("context_switches_voluntary", run.WindowContextSwitches.Voluntary);
        json.WriteNumber("context_switches_involuntary", run.WindowContextSwitches.Involuntary);
        WriteGc(json, "gc_window", run.WindowGc);
        WriteGc(json, "gc_warmup", run.WarmupGc);
        json.WriteNumber("working_set_bytes", run.WorkingSetBytes);
        json.WriteNumber("gc_heap_bytes", run.GcHeapBytes);
        json.WriteNumber("signal_interval_ms", run.SignalIntervalMs);
        json.WriteNumber("signals_published", run.SignalsPublished);
        json.WriteNumber("signals_delivered", run.SignalsDelivered);
        json.WriteNumber("signals_dropped", run.SignalsDropped);
        json.WriteStartObject("stages_us");
        for (int s = 0; s < StageLatencies.Names.Length; s++)
        {
            json.WriteStartObject(StageLatencies.Names[s]);
            json.WriteNumber("count", run.Stages[s].TotalCount);
            json.WriteNumber("mean", Math.Round(run.Stages[s].GetMean() / 1000.0, 3));
            double[] v = run.Micros(s);
            for (int i = 0; i < Columns.Length; i++) json.WriteNumber(Columns[i], Math.Round(v[i], 3));
            json.WriteString("hgrm", $"{spec.Name}.{StageLatencies.Names[s]}.hgrm");
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteGc(Utf8JsonWriter json, string name, GcFigures gc)
    {
        json.WriteStartObject(name);
        json.WriteNumber("gen0", gc.Gen0);
        json.WriteNumber("gen1", gc.Gen1);
        json.WriteNumber("gen2", gc.Gen2);
        json.WriteNumber("allocated_bytes", gc.AllocatedBytes);
        json.WriteEndObject();
    }
}
