using System.CommandLine;
using System.Globalization;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting.Harness;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade bench e2e</c>: the end-to-end latency harness. Pre-encoded exchange frames are sent at fixed rates
/// through decode, the model's stages and the publish hand-off, on the ring laid out in several ways and on a
/// Channels baseline; prints per-stage percentiles, GC and memory figures and the ring-to-Channels ratios, and
/// writes .hgrm files, a histogram log, percentile plots and a JSON summary.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Latency benchmarks run by the cascade host itself (BenchmarkDotNet suites: ./run.sh bench <suite>).");
        bench.Add(CreateEndToEnd());
        bench.Add(SoakCommand.Create());
        return bench;
    }

    private static Command CreateEndToEnd()
    {
        var rates = new Option<string>("--rates") { Description = "Comma-separated frame rates (10k, 100k, 1.5M, 2500) and/or 'saturation'.", DefaultValueFactory = _ => "10k,100k,500k,saturation" };
        var seconds = new Option<double>("--seconds") { Description = "Seconds measured per run.", DefaultValueFactory = _ => 5 };
        var warmup = new Option<double>("--warmup") { Description = "Seconds at the rate before measuring (JIT, model windows).", DefaultValueFactory = _ => 2 };
        var topologies = new Option<string?>("--topologies") { Description = "Ring topologies to run: fused, split, per-stage (comma-separated; crossed with --waits)." };
        var waits = new Option<string?>("--waits") { Description = "Wait strategies to run: busy-spin, yielding, sleeping, blocking, spin-then-park (comma-separated; crossed with --topologies)." };
        var matrix = new Option<bool>("--matrix") { Description = "Every topology with busy-spin, yielding and blocking (default: fused/yielding, split/yielding, fused/busy-spin, per-stage/yielding)." };
        var noBaseline = new Option<bool>("--no-baseline") { Description = "Leave out the System.Threading.Channels baseline." };
        var noFloor = new Option<bool>("--no-floor") { Description = "Leave out the floor-<rate> runs (same generator, ring and wait strategy, a consumer that only stamps) that every layout is quoted over." };
        var cpus = new Option<string?>("--cpus") { Description = "CPUs to pin the ring's stage threads to, in stage order (e.g. 2,3,4,5,6)." };
        var generatorCpu = new Option<int?>("--generator-cpu") { Description = "CPU to pin the load generator's thread to (with --cpus on a many-core box)." };
        var generatorSpin = new Option<double>("--generator-spin-us") { Description = "The load generator spins while a frame is due in less than this many µs and yields the core otherwise (0: always yield).", DefaultValueFactory = _ => LoadGenerator.DefaultSpinBelow.TotalMicroseconds };
        var ringSize = new Option<int>("--ring-size") { Description = "Ring slots (a power of two).", DefaultValueFactory = _ => 65536 };
        var symbols = new Option<int>("--symbols") { Description = $"Symbols in the synthetic market (1-{HarnessSymbols.Available}).", DefaultValueFactory = _ => 24 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic market.", DefaultValueFactory = _ => 1 };
        var capture = new Option<string[]>("--capture") { Description = "Replay these capture files or folders instead of the synthetic market.", AllowMultipleArgumentsPerToken = true };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Folder for the .hgrm files, histogram log, plots and report (default: beside --json, else artifacts/e2e/<timestamp>)." };
        var json = new Option<FileInfo?>("--json") { Description = "JSON file with every figure (default: e2e.json in the output folder)." };
        var traceAllocations = new Option<bool>("--trace-allocations") { Description = "Sample which types allocate inside each window (diagnostic: the sampling allocates itself)." };
        var eventTimeSignals = new Option<bool>("--event-time-signals") { Description = "Generate each symbol's periodic signal every 100 ms of event time (the spec), not every 100 ms of wall-clock time: at replay speed nearly every other event becomes a signal." };
        var command = new Command("e2e", "End-to-end latency at fixed frame rates (coordinated-omission corrected), per stage, ring layouts against a Channels baseline.")
        {
            rates, seconds, warmup, topologies, waits, matrix, noBaseline, noFloor, cpus, generatorCpu, generatorSpin, ringSize, symbols, seed, capture, outDir, json, traceAllocations, eventTimeSignals,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            var errors = new List<string>();
            var rateList = new List<double>();
            foreach (string r in parse.GetValue(rates)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (RunSpec.TryParseRate(r, out double rate)) rateList.Add(rate);
                else errors.Add($"--rates: '{r}' is not a rate (10k, 100k, 1.5M, 2500 or saturation)");
            }
            if (rateList.Count == 0 && errors.Count == 0) errors.Add("--rates: name at least one rate");
            var topologyList = List(parse.GetValue(topologies));
            foreach (var t in topologyList ?? []) if (!PipelineOptions.Topologies.Contains(t)) errors.Add($"--topologies: '{t}' is not one of {string.Join(", ", PipelineOptions.Topologies)}");
            var waitList = List(parse.GetValue(waits));
            foreach (var w in waitList ?? []) if (!WaitStrategies.Names.Contains(w)) errors.Add($"--waits: '{w}' is not one of {string.Join(", ", WaitStrategies.Names)}");
            int[] cpuList = [];
            if (List(parse.GetValue(cpus)) is { } cpuTexts)
            {
                var parsed = new List<int>();
                foreach (var c in cpuTexts)
                {
                    if (int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out int cpu) && cpu < Environment.ProcessorCount) parsed.Add(cpu);
                    else errors.Add($"--cpus: '{c}' is not a CPU of this machine (0-{Environment.ProcessorCount - 1})");
                }
                cpuList = [.. parsed];
            }
            int? generatorCpuValue = parse.GetValue(generatorCpu);
            if (generatorCpuValue is int g && (g < 0 || g >= Environment.ProcessorCount))
                errors.Add($"--generator-cpu: {g} is not a CPU of this machine (0-{Environment.ProcessorCount - 1})");
            double spinMicros = parse.GetValue(generatorSpin);
            if (!(spinMicros >= 0) || double.IsInfinity(spinMicros)) errors.Add($"--generator-spin-us: must be zero or positive (was {spinMicros})");
            double secondsValue = parse.GetValue(seconds), warmupValue = parse.GetValue(warmup);
            if (!(secondsValue > 0)) errors.Add($"--seconds: must be positive (was {secondsValue})");
            if (!(warmupValue >= 0)) errors.Add($"--warmup: must be zero or positive (was {warmupValue})");
            int ring = parse.GetValue(ringSize);
            if (ring < 2 || !int.IsPow2(ring)) errors.Add($"--ring-size: must be a power of two >= 2 (was {ring})");
            int symbolCount = parse.GetValue(symbols);
            if (symbolCount < 1 || symbolCount > HarnessSymbols.Available) errors.Add($"--symbols: must be 1-{HarnessSymbols.Available} (was {symbolCount})");
            if (errors.Count > 0) throw new ConfigurationErrorException(errors);

            var settings = new HarnessSettings
            {
                WarmupSeconds = warmupValue, MeasureSeconds = secondsValue, RingSize = ring, WallClockSignalPacing = !parse.GetValue(eventTimeSignals),
                GeneratorCpu = generatorCpuValue,
                GeneratorSpinBelow = TimeSpan.FromMicroseconds(double.IsFinite(spinMicros) ? spinMicros : 0),
            };
            var runs = RunMatrix.Build(rateList, topologyList, waitList, parse.GetValue(matrix), !parse.GetValue(noBaseline), cpuList, floor: !parse.GetValue(noFloor));
            var started = DateTimeOffset.UtcNow;
            var jsonFile = parse.GetValue(json);
            string dir = parse.GetValue(outDir)?.FullName
                ?? (jsonFile is not null ? Path.GetDirectoryName(jsonFile.FullName)! : Path.Combine("artifacts", "e2e", started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
            string jsonPath = jsonFile?.FullName ?? Path.Combine(dir, "e2e.json");

            var captures = parse.GetValue(capture) ?? [];
            int framesNeeded = settings.CorpusFramesFor(rateList);
            Console.WriteLine(captures.Length > 0
                ? $"bench e2e: loading {string.Join(", ", captures)}..."
                : $"bench e2e: generating a synthetic market of at least {framesNeeded:N0} frames ({symbolCount} symbols x Binance, Bybit, OKX)...");
            var corpus = captures.Length > 0
                ? FrameCorpus.FromCaptures(captures)
                : FrameCorpus.FromScenario(framesNeeded, HarnessSymbols.Take(symbolCount), parse.GetValue(seed));
            var environment = new HarnessEnvironment(started, settings, corpus.Source, corpus.Count, "cascade " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
            Console.WriteLine(environment.Describe());
            Console.WriteLine($"{runs.Count} runs, about {runs.Count * (settings.WarmupSeconds + settings.MeasureSeconds + 0.5):0} s");

            using var tracer = parse.GetValue(traceAllocations) ? new AllocationTracer() : null;
            var results = new List<RunResult>();
            foreach (var spec in runs)
            {
                token.ThrowIfCancellationRequested();
                var result = await EndToEndHarness.RunAsync(corpus, spec, settings, tracer, token).ConfigureAwait(false);
                results.Add(result);
                Console.WriteLine(HarnessReport.RunTable(result));
            }
            var report = new HarnessReport(environment, results);
            Console.WriteLine("summary (end to end, µs)");
            Console.WriteLine(report.SummaryTable());
            Console.WriteLine(report.RatioTable());
            Console.WriteLine(report.FloorRatioTable());
            var files = report.WriteFiles(dir, jsonPath);
            Console.WriteLine($"wrote {files.Count} files to {Path.GetFullPath(dir)} (JSON: {jsonPath})");
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    private static List<string>? List(string? text) =>
        text is null ? null : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToLowerInvariant())];
}
