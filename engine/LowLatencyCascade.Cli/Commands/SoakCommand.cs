using LowLatencyCascade.Cli.Configuration;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>
/// <c>cascade bench soak</c>: a bounded soak. A generated market long enough for the run is replayed at N× real time
/// through the whole pipeline (decoders, ring, stages, a file sink), while a sampler records resident memory, the
/// managed heap, collections, bytes allocated, the ring's backlog and each sink's queue every few seconds. After
/// the warm-up share of the run it judges the steady state: resident memory flat (its slope and its growth), no
/// collection, and no queue that only grows. Prints the samples and the verdict; <c>--json</c> writes both.
/// </summary>
internal static class SoakCommand
{
    private sealed record Sample(double Seconds, long Frames, long ResidentBytes, long HeapBytes, int Gen0, int Gen1, int Gen2,
        long AllocatedBytes, long RingBacklog, long SinkQueued);

    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "Wall-clock minutes to soak.", DefaultValueFactory = _ => 3 };
        var speed = new Option<double>("--speed") { Description = "Replay at N times real time.", DefaultValueFactory = _ => 20 };
        var sample = new Option<double>("--sample-seconds") { Description = "Seconds between samples.", DefaultValueFactory = _ => 5 };
        var warmupShare = new Option<double>("--warmup-share") { Description = "Share of the run (0-0.9) before the steady state is judged.", DefaultValueFactory = _ => 0.25 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated market.", DefaultValueFactory = _ => 11 };
        var json = new Option<FileInfo?>("--json") { Description = "Write the samples and the verdict to this JSON file." };
        var command = new Command("soak", "A bounded soak: a generated market at N× real time through the whole pipeline; resident memory, collections and queues sampled, the steady state judged.")
        {
            minutes, speed, sample, warmupShare, seed, json,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(async token =>
        {
            double m = parse.GetValue(minutes), s = parse.GetValue(speed), every = parse.GetValue(sample), share = parse.GetValue(warmupShare);
            var errors = new List<string>();
            if (!(m > 0 && m <= 120)) errors.Add($"--minutes: must be above 0 and at most 120 (was {m})");
            if (!(s > 0 && s <= 1000)) errors.Add($"--speed: must be above 0 and at most 1000 (was {s})");
            if (!(every >= 0.5 && every <= 600)) errors.Add($"--sample-seconds: must be 0.5-600 (was {every})");
            if (!(share >= 0 && share <= 0.9)) errors.Add($"--warmup-share: must be 0-0.9 (was {share})");
            if (errors.Count > 0) throw new ConfigurationErrorException(errors);
            return await RunAsync(m, s, every, share, parse.GetValue(seed), parse.GetValue(json)?.FullName, token).ConfigureAwait(false);
        }, ct));
        return command;
    }

    private static async Task<int> RunAsync(double minutes, double speed, double every, double warmupShare, int seed, string? jsonPath, CancellationToken token)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"cascade-soak-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            // Market time for the whole run plus a margin, so the replay never ends before the clock does.
            var marketMinutes = Math.Ceiling(minutes * speed * 1.05);
            Console.WriteLine($"bench soak: generating {marketMinutes:0} minutes of market (seed {seed}) to replay at {speed:0.##}x for {minutes:0.##} min...");
            var market = ScenarioGenerator.GenerateToDirectory(dir, new ScenarioOptions
            {
                Seed = seed,
                Duration = TimeSpan.FromMinutes(marketMinutes),
                CascadeEpisodes = Math.Max(2, (int)(marketMinutes / 10)),
            });
            // The generator's garbage is not the pipeline's: collected before the run so resident memory is the run's own.
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            Console.WriteLine($"bench soak: {market.Frames:N0} frames; sampling every {every:0.##} s; steady state judged after the first {warmupShare:P0}");

            var settings = SettingsLoader.Load(null, new Dictionary<string, string?> { ["Model:WarmupSeconds"] = "60" });
            var samples = new List<Sample>();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            stop.CancelAfter(TimeSpan.FromMinutes(minutes));
            PipelineHost? running = null;
            var clock = Stopwatch.StartNew();
            var sampler = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(every));
                try
                {
                    while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                        if (Volatile.Read(ref running) is { } host) samples.Add(Take(host, clock.Elapsed.TotalSeconds));
                }
                catch (OperationCanceledException) { }
            });
            var result = await ReplayRun.RunAsync(settings, market.CaptureFiles, new HostRunOptions { SignalsOut = Path.Combine(dir, "signals.jsonl") },
                new CaptureReplayOptions { Speed = speed, ReadAhead = true }, host => Volatile.Write(ref running, host), stop.Token).ConfigureAwait(false);
            await sampler.ConfigureAwait(false);

            var verdict = Judge(samples, warmupShare);
            Print(samples, verdict, result);
            if (jsonPath is not null) WriteJson(jsonPath, minutes, speed, seed, samples, verdict, result);
            return ExitCodes.Success;
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
        }
    }

    private static Sample Take(PipelineHost host, double seconds)
    {
        var memory = ProcessMemory.Now();
        long queued = host.Publisher.Stats().Sum(s => Math.Max(0, s.Enqueued - s.Processed));
        return new Sample(seconds, host.Frames.Frames, memory.ResidentBytes, memory.GcHeapBytes, GC.CollectionCount(0), GC.CollectionCount(1),
            GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: false), host.Pipeline.InFlight, queued);
    }

    private sealed record Verdict(int SteadySamples, double SteadySeconds, double ResidentSlopeMibPerMin, double ResidentGrowthMib,
        int SteadyGen0, int SteadyGen1, int SteadyGen2, double SteadyAllocatedBytesPerSecond, bool RingBacklogOnlyGrows,
        bool SinkQueueOnlyGrows, long MaxRingBacklog, long MaxSinkQueued, bool Flat)
    {
        public bool Pass => Flat && SteadyGen0 + SteadyGen1 + SteadyGen2 == 0 && !RingBacklogOnlyGrows && !SinkQueueOnlyGrows;
    }

    private static Verdict Judge(List<Sample> samples, double warmupShare)
    {
        var steady = samples.Skip((int)Math.Ceiling(samples.Count * warmupShare)).ToList();
        if (steady.Count < 3) return new Verdict(steady.Count, 0, double.NaN, double.NaN, 0, 0, 0, double.NaN, false, false, 0, 0, false);
        var first = steady[0];
        var last = steady[^1];
        double seconds = last.Seconds - first.Seconds;
        // Least-squares slope of resident memory over the steady samples, in MiB per minute.
        double meanT = steady.Average(x => x.Seconds), meanR = steady.Average(x => x.ResidentBytes / 1048576.0);
        double num = steady.Sum(x => (x.Seconds - meanT) * (x.ResidentBytes / 1048576.0 - meanR));
        double den = steady.Sum(x => (x.Seconds - meanT) * (x.Seconds - meanT));
        double slope = den > 0 ? num / den * 60 : 0;
        double growth = (last.ResidentBytes - first.ResidentBytes) / 1048576.0;
        // "Flat": under 1 MiB per minute and under 2 % of the steady level in all.
        bool flat = Math.Abs(slope) < 1 && Math.Abs(growth) < Math.Max(2, 0.02 * meanR);
        return new Verdict(steady.Count, seconds, slope, growth,
            last.Gen0 - first.Gen0, last.Gen1 - first.Gen1, last.Gen2 - first.Gen2,
            seconds > 0 ? (last.AllocatedBytes - first.AllocatedBytes) / seconds : 0,
            OnlyGrows(steady.Select(x => x.RingBacklog)), OnlyGrows(steady.Select(x => x.SinkQueued)),
            steady.Max(x => x.RingBacklog), steady.Max(x => x.SinkQueued), flat);
    }

    // A queue that only grows: never smaller than at the previous sample, and larger at the end than at the start.
    private static bool OnlyGrows(IEnumerable<long> values)
    {
        var list = values.ToList();
        for (int i = 1; i < list.Count; i++) if (list[i] < list[i - 1]) return false;
        return list[^1] > list[0];
    }

    private static void Print(List<Sample> samples, Verdict v, ReplayResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("     t s      frames   RSS MiB  heap MiB  gen0 gen1 gen2  alloc MiB  ring  sinkq");
        foreach (var x in samples)
            Console.WriteLine(string.Format(inv, "{0,6:0} {1,11:N0} {2,9:0.0} {3,9:0.0} {4,5} {5,4} {6,4} {7,10:0.0} {8,5} {9,6}",
                x.Seconds, x.Frames, x.ResidentBytes / 1048576.0, x.HeapBytes / 1048576.0, x.Gen0, x.Gen1, x.Gen2, x.AllocatedBytes / 1048576.0, x.RingBacklog, x.SinkQueued));
        Console.WriteLine();
        Console.WriteLine(string.Format(inv, "steady state ({0} samples, {1:0} s): resident {2:+0.00;-0.00} MiB/min (least squares), {3:+0.0;-0.0} MiB first to last: {4}",
            v.SteadySamples, v.SteadySeconds, v.ResidentSlopeMibPerMin, v.ResidentGrowthMib, v.Flat ? "flat" : "NOT FLAT"));
        Console.WriteLine(string.Format(inv, "collections in the steady state: gen0 {0}, gen1 {1}, gen2 {2}; allocated {3:0} B/s (sampler and replay reader included)",
            v.SteadyGen0, v.SteadyGen1, v.SteadyGen2, v.SteadyAllocatedBytesPerSecond));
        Console.WriteLine($"queues: ring backlog max {v.MaxRingBacklog:N0} slots ({(v.RingBacklogOnlyGrows ? "ONLY GROWS" : "does not only grow")}), " +
            $"sink queues max {v.MaxSinkQueued:N0} ({(v.SinkQueueOnlyGrows ? "ONLY GROWS" : "do not only grow")})");
        Console.WriteLine($"frames {result.Frames.Frames:N0}, signals {result.SignalsByLevel.Sum():N0}, slots published {result.PublishedSlots:N0} = observed {result.ObservedSlots:N0}; " +
            $"whole run GCs gen0 {result.Collections[0]}, gen1 {result.Collections[1]}, gen2 {result.Collections[2]}");
        Console.WriteLine($"soak: {(v.Pass ? "PASS" : "FAIL")}");
    }

    private static void WriteJson(string path, double minutes, double speed, int seed, List<Sample> samples, Verdict v, ReplayResult result)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("date", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        json.WriteNumber("cores", Environment.ProcessorCount);
        json.WriteNumber("minutes", minutes);
        json.WriteNumber("speed", speed);
        json.WriteNumber("seed", seed);
        json.WriteNumber("frames", result.Frames.Frames);
        json.WriteStartObject("steady");
        json.WriteNumber("samples", v.SteadySamples);
        json.WriteNumber("seconds", Math.Round(v.SteadySeconds, 1));
        json.WriteNumber("resident_slope_mib_per_min", Math.Round(v.ResidentSlopeMibPerMin, 3));
        json.WriteNumber("resident_growth_mib", Math.Round(v.ResidentGrowthMib, 2));
        json.WriteNumber("gen0", v.SteadyGen0);
        json.WriteNumber("gen1", v.SteadyGen1);
        json.WriteNumber("gen2", v.SteadyGen2);
        json.WriteNumber("allocated_bytes_per_second", Math.Round(v.SteadyAllocatedBytesPerSecond));
        json.WriteNumber("max_ring_backlog", v.MaxRingBacklog);
        json.WriteNumber("max_sink_queued", v.MaxSinkQueued);
        json.WriteBoolean("ring_backlog_only_grows", v.RingBacklogOnlyGrows);
        json.WriteBoolean("sink_queue_only_grows", v.SinkQueueOnlyGrows);
        json.WriteBoolean("flat", v.Flat);
        json.WriteBoolean("pass", v.Pass);
        json.WriteEndObject();
        json.WriteStartArray("samples");
        foreach (var x in samples)
        {
            json.WriteStartObject();
            json.WriteNumber("t", Math.Round(x.Seconds, 2));
            json.WriteNumber("frames", x.Frames);
            json.WriteNumber("resident_bytes", x.ResidentBytes);
            json.WriteNumber("heap_bytes", x.HeapBytes);
            json.WriteNumber("gen0", x.Gen0);
            json.WriteNumber("gen1", x.Gen1);
            json.WriteNumber("gen2", x.Gen2);
            json.WriteNumber("allocated_bytes", x.AllocatedBytes);
            json.WriteNumber("ring_backlog", x.RingBacklog);
            json.WriteNumber("sink_queued", x.SinkQueued);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
