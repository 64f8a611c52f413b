// Same-process, interleaved comparison: LowLatencyCascade's ring (L) against Disruptor-net (D).
// Same ring size, event struct, wait strategy and handler work on both sides; handlers are public sealed classes.
// Build and run: see BENCHMARKS.md ("The ring beside Disruptor-net"). Arguments: [--rounds 5] [--wait yielding|busy-spin|blocking] [--shapes a,b] [--json FILE] [--events N]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
#if DISRUPTOR
using D = Disruptor;
using DP = Disruptor.Processing;
using Disruptor.Processing;
#endif
using L = LowLatencyCascade.Engine.Ring;

namespace Compare;

public struct Evt
{
    public long Value;
    public long A;
    public long B;
    public long Stamp;
}

// ---------- handlers: identical work on both sides ----------
public sealed class LSum : L.IEventHandler<Evt>
{
    public long Sum; public long Expected = -1; public readonly ManualResetEventSlim Done = new();
    public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) { Sum += evt.Value; if (sequence == Expected) Done.Set(); }
}
#if DISRUPTOR
public sealed class DSum : D.IValueEventHandler<Evt>
{
    public long Sum; public long Expected = -1; public readonly ManualResetEventSlim Done = new();
    public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) { Sum += evt.Value; if (sequence == Expected) Done.Set(); }
}
#endif
public sealed class LStepA : L.IEventHandler<Evt> { public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) => evt.A = evt.Value * 3; }
#if DISRUPTOR
public sealed class DStepA : D.IValueEventHandler<Evt> { public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) => evt.A = evt.Value * 3; }
#endif
public sealed class LStepB : L.IEventHandler<Evt> { public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) => evt.B = evt.A + 7; }
#if DISRUPTOR
public sealed class DStepB : D.IValueEventHandler<Evt> { public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) => evt.B = evt.A + 7; }
#endif
public sealed class LStepBFromValue : L.IEventHandler<Evt> { public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) => evt.B = evt.Value + 7; }
#if DISRUPTOR
public sealed class DStepBFromValue : D.IValueEventHandler<Evt> { public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) => evt.B = evt.Value + 7; }
#endif
public sealed class LSumB : L.IEventHandler<Evt>
{
    public long Sum; public long Expected = -1; public readonly ManualResetEventSlim Done = new();
    public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) { Sum += evt.B + evt.A; if (sequence == Expected) Done.Set(); }
}
#if DISRUPTOR
public sealed class DSumB : D.IValueEventHandler<Evt>
{
    public long Sum; public long Expected = -1; public readonly ManualResetEventSlim Done = new();
    public void OnEvent(ref Evt evt, long sequence, bool endOfBatch) { Sum += evt.B + evt.A; if (sequence == Expected) Done.Set(); }
}
#endif
public sealed class LDrain : L.IEventHandler<Evt>
{
    public long Sum; public long Expected = -1; public long First; public long Last; public readonly ManualResetEventSlim Done = new();
    public void OnEvent(ref Evt evt, long sequence, bool endOfBatch)
    {
        if (sequence == 0) First = Stopwatch.GetTimestamp();
        Sum += evt.Value;
        if (sequence == Expected) { Last = Stopwatch.GetTimestamp(); Done.Set(); }
    }
}
#if DISRUPTOR
public sealed class DDrain : D.IValueEventHandler<Evt>
{
    public long Sum; public long Expected = -1; public long First; public long Last; public readonly ManualResetEventSlim Done = new();
    public void OnEvent(ref Evt evt, long sequence, bool endOfBatch)
    {
        if (sequence == 0) First = Stopwatch.GetTimestamp();
        Sum += evt.Value;
        if (sequence == Expected) { Last = Stopwatch.GetTimestamp(); Done.Set(); }
    }
}
#endif
public sealed class LLatency(long[] samples) : L.IEventHandler<Evt>
{
    public long Expected = -1; public readonly ManualResetEventSlim Done = new();
    public void OnEvent(ref Evt evt, long sequence, bool endOfBatch)
    {
        samples[sequence % samples.Length] = Stopwatch.GetTimestamp() - evt.Stamp;
        if (sequence == Expected) Done.Set();
    }
}
#if DISRUPTOR
public sealed class DLatency(long[] samples) : D.IValueEventHandler<Evt>
{
    public long Expected = -1; public readonly ManualResetEventSlim Done = new();
    public void OnEvent(ref Evt evt, long sequence, bool endOfBatch)
    {
        samples[sequence % samples.Length] = Stopwatch.GetTimestamp() - evt.Stamp;
        if (sequence == Expected) Done.Set();
    }
}
#endif

public static class Program
{
    const int RingSize = 1024 * 64;
    static string Wait = "yielding";
    static long Events = 20_000_000;

    static L.IWaitStrategy LWait() => L.WaitStrategies.Parse(Wait);
#if DISRUPTOR
    static D.IWaitStrategy DWait() => Wait switch
    {
        "busy-spin" => new D.BusySpinWaitStrategy(),
        "blocking" => new D.BlockingWaitStrategy(),
        "sleeping" => new D.SleepingWaitStrategy(),
        _ => new D.YieldingWaitStrategy(),
    };
#endif

    public static int Main(string[] args)
    {
        int rounds = 5; string? json = null; string[] shapes = ["drain", "1p1c", "1p1c-batch", "pipeline3", "3p1c", "diamond", "pipeline3-latency"];
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--wait": Wait = args[++i]; break;
                case "--shapes": shapes = args[++i].Split(','); break;
                case "--json": json = args[++i]; break;
                case "--events": Events = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        Console.WriteLine($"engine: {typeof(L.RingBuffer<>).Assembly.Location}");
#if DISRUPTOR
        Console.WriteLine($"disruptor: {typeof(D.RingBuffer).Assembly.Location}  wait={Wait} ring={RingSize} events={Events} rounds={rounds}");
#else
        Console.WriteLine($"built without Disruptor-net (no -p:DisruptorDll): the ring's side only  wait={Wait} ring={RingSize} events={Events} rounds={rounds}");
#endif
        var report = new List<object>();
        foreach (var shape in shapes)
        {
            // warm-up round for both, not counted
            RunShape(shape, "L"); RunShape(shape, "D");
            var l = new List<double[]>(); var d = new List<double[]>();
            for (int r = 0; r < rounds; r++)
            {
                // alternate which goes first
                if (r % 2 == 0) { l.Add(RunShape(shape, "L")); d.Add(RunShape(shape, "D")); }
                else { d.Add(RunShape(shape, "D")); l.Add(RunShape(shape, "L")); }
            }
            bool latency = shape.EndsWith("latency");
            if (!latency)
            {
                double lm = Median(l.Select(x => x[0])), dm = Median(d.Select(x => x[0]));
                var ratios = l.Zip(d, (a, b) => a[0] / b[0]).ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{shape,-18} ring {lm:0.000e0} ev/s  disruptor {dm:0.000e0} ev/s  ratio of medians {lm / dm:0.00}x  median of round ratios {Median(ratios):0.00}x  per-round ratios {string.Join(" ", ratios.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}"));
                report.Add(new { shape, metric = "events_per_s", ring = l.Select(x => x[0]), disruptor = d.Select(x => x[0]), ring_median = lm, disruptor_median = dm, ratio_of_medians = lm / dm, round_ratios = ratios, median_round_ratio = Median(ratios) });
            }
            else
            {
                double lp50 = Median(l.Select(x => x[0])), dp50 = Median(d.Select(x => x[0]));
                double lp99 = Median(l.Select(x => x[1])), dp99 = Median(d.Select(x => x[1]));
                double r50 = Median(l.Zip(d, (a, b) => b[0] / a[0])), r99 = Median(l.Zip(d, (a, b) => b[1] / a[1]));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{shape,-18} p50 ring {lp50:0.0} us disruptor {dp50:0.0} us ratio {dp50 / lp50:0.00}x (median of round ratios {r50:0.00}x) | p99 ring {lp99:0.0} us disruptor {dp99:0.0} us ratio {dp99 / lp99:0.00}x (median of round ratios {r99:0.00}x) (ratio above 1: ring better)"));
                report.Add(new { shape, metric = "latency_us", ring_p50 = l.Select(x => x[0]), ring_p99 = l.Select(x => x[1]), disruptor_p50 = d.Select(x => x[0]), disruptor_p99 = d.Select(x => x[1]), p50_ratio = dp50 / lp50, p99_ratio = dp99 / lp99, p50_median_round_ratio = r50, p99_median_round_ratio = r99 });
            }
        }
        if (json is not null) File.WriteAllText(json, JsonSerializer.Serialize(new { wait = Wait, ring = RingSize, events = Events, rounds, date = DateTime.UtcNow, results = report }, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    static double Median(IEnumerable<double> xs) { var a = xs.OrderBy(x => x).ToArray(); return a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2; }

    static double[] RunShape(string shape, string side) => (shape, side) switch
    {
#if !DISRUPTOR
        (_, "D") => [double.NaN, double.NaN],
#endif
        ("1p1c", "L") => L1P1C(1),
        ("1p1c-batch", "L") => L1P1C(128),
        ("pipeline3", "L") => LPipeline(128),
        ("3p1c", "L") => L3P1C(),
        ("diamond", "L") => LDiamond(),
        ("pipeline3-latency", "L") => LLatencyRun(),
        ("drain", "L") => LDrainRun(),
#if DISRUPTOR
        ("1p1c", "D") => D1P1C(1),
        ("1p1c-batch", "D") => D1P1C(128),
        ("pipeline3", "D") => DPipeline(128),
        ("3p1c", "D") => D3P1C(),
        ("diamond", "D") => DDiamond(),
        ("pipeline3-latency", "D") => DLatencyRun(),
        ("drain", "D") => DDrainRun(),
#endif
        _ => throw new ArgumentException(shape),
    };

    // ---------------- producers (same code shape for both) ----------------
    static void ProduceL(L.RingBuffer<Evt> ring, long events, int batch)
    {
        for (long i = 0; i < events; i += batch)
        {
            long hi = ring.Next(batch); long lo = hi - (batch - 1);
            for (long s = lo; s <= hi; s++) ring[s].Value = s;
            ring.Publish(lo, hi);
        }
    }
#if DISRUPTOR
    static void ProduceD(D.ValueRingBuffer<Evt> ring, long events, int batch)
    {
        for (long i = 0; i < events; i += batch)
        {
            long hi = ring.Next(batch); long lo = hi - (batch - 1);
            for (long s = lo; s <= hi; s++) ring[s].Value = s;
            ring.Publish(lo, hi);
        }
    }
#endif

    static double Throughput(long events, Stopwatch sw) => events / sw.Elapsed.TotalSeconds;

    // ---------------- one-to-one ----------------
    static double[] L1P1C(int batch)
    {
        var ring = L.RingBuffer<Evt>.CreateSingleProducer(RingSize, LWait());
        var h = new LSum { Expected = Events - 1 };
        var g = new L.StageGraph<Evt>(ring); g.HandleEventsWith(new L.StageOptions("c"), h); g.Start();
        var sw = Stopwatch.StartNew(); ProduceL(ring, Events, batch); h.Done.Wait(); sw.Stop();
        g.Halt(TimeSpan.FromSeconds(30));
        return [Throughput(Events, sw)];
    }
#if DISRUPTOR
    static double[] D1P1C(int batch)
    {
        var ring = D.ValueRingBuffer<Evt>.CreateSingleProducer(() => new Evt(), RingSize, DWait());
        var h = new DSum { Expected = Events - 1 };
        var p = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown), h);
        ring.AddGatingSequences(p.Sequence);
        p.Start().Wait();
        var sw = Stopwatch.StartNew(); ProduceD(ring, Events, batch); h.Done.Wait(); sw.Stop();
        p.Halt().Wait();
        return [Throughput(Events, sw)];
    }
#endif

    // ---------------- three-stage pipeline ----------------
    static double[] LPipeline(int batch)
    {
        var ring = L.RingBuffer<Evt>.CreateSingleProducer(RingSize, LWait());
        var h = new LSumB { Expected = Events - 1 };
        var g = new L.StageGraph<Evt>(ring);
        g.HandleEventsWith(new L.StageOptions("a"), new LStepA()).Then(new L.StageOptions("b"), new LStepB()).Then(new L.StageOptions("c"), h);
        g.Start();
        var sw = Stopwatch.StartNew(); ProduceL(ring, Events, batch); h.Done.Wait(); sw.Stop();
        g.Halt(TimeSpan.FromSeconds(30));
        return [Throughput(Events, sw)];
    }
#if DISRUPTOR
    static double[] DPipeline(int batch)
    {
        var ring = D.ValueRingBuffer<Evt>.CreateSingleProducer(() => new Evt(), RingSize, DWait());
        var h = new DSumB { Expected = Events - 1 };
        var a = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown), new DStepA());
        var b = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown, a.Sequence), new DStepB());
        var c = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown, b.Sequence), h);
        ring.AddGatingSequences(c.Sequence);
        Task.WaitAll(a.Start(), b.Start(), c.Start());
        var sw = Stopwatch.StartNew(); ProduceD(ring, Events, batch); h.Done.Wait(); sw.Stop();
        Task.WaitAll(a.Halt(), b.Halt(), c.Halt());
        return [Throughput(Events, sw)];
    }
#endif

    // ---------------- three-to-one (multi-producer) ----------------
    static double[] L3P1C()
    {
        var ring = L.RingBuffer<Evt>.CreateMultiProducer(RingSize, LWait());
        long per = Events / 3;
        var h = new LSum { Expected = per * 3 - 1 };
        var g = new L.StageGraph<Evt>(ring); g.HandleEventsWith(new L.StageOptions("c"), h); g.Start();
        using var go = new Barrier(4);
        var threads = Enumerable.Range(0, 3).Select(_ => new Thread(() => { go.SignalAndWait(); for (long i = 0; i < per; i++) { long s = ring.Next(); ring[s].Value = i; ring.Publish(s); } })).ToArray();
        foreach (var t in threads) t.Start();
        go.SignalAndWait();
        var sw = Stopwatch.StartNew(); h.Done.Wait(); sw.Stop();
        foreach (var t in threads) t.Join();
        g.Halt(TimeSpan.FromSeconds(30));
        return [Throughput(per * 3, sw)];
    }
#if DISRUPTOR
    static double[] D3P1C()
    {
        var ring = D.ValueRingBuffer<Evt>.CreateMultiProducer(() => new Evt(), RingSize, DWait());
        long per = Events / 3;
        var h = new DSum { Expected = per * 3 - 1 };
        var p = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown), h);
        ring.AddGatingSequences(p.Sequence);
        p.Start().Wait();
        using var go = new Barrier(4);
        var threads = Enumerable.Range(0, 3).Select(_ => new Thread(() => { go.SignalAndWait(); for (long i = 0; i < per; i++) { long s = ring.Next(); ring[s].Value = i; ring.Publish(s); } })).ToArray();
        foreach (var t in threads) t.Start();
        go.SignalAndWait();
        var sw = Stopwatch.StartNew(); h.Done.Wait(); sw.Stop();
        foreach (var t in threads) t.Join();
        p.Halt().Wait();
        return [Throughput(per * 3, sw)];
    }
#endif

    // ---------------- diamond: producer -> (A, B) -> C ----------------
    static double[] LDiamond()
    {
        var ring = L.RingBuffer<Evt>.CreateSingleProducer(RingSize, LWait());
        var h = new LSumB { Expected = Events - 1 };
        var g = new L.StageGraph<Evt>(ring);
        var a = g.HandleEventsWith(new L.StageOptions("a"), new LStepA());
        var b = g.HandleEventsWith(new L.StageOptions("b"), new LStepBFromValue());
        g.After(a, b).Then(new L.StageOptions("c"), h);
        g.Start();
        var sw = Stopwatch.StartNew(); ProduceL(ring, Events, 1); h.Done.Wait(); sw.Stop();
        g.Halt(TimeSpan.FromSeconds(30));
        return [Throughput(Events, sw)];
    }
#if DISRUPTOR
    static double[] DDiamond()
    {
        var ring = D.ValueRingBuffer<Evt>.CreateSingleProducer(() => new Evt(), RingSize, DWait());
        var h = new DSumB { Expected = Events - 1 };
        var a = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown), new DStepA());
        var b = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown), new DStepBFromValue());
        var c = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown, a.Sequence, b.Sequence), h);
        ring.AddGatingSequences(c.Sequence);
        Task.WaitAll(a.Start(), b.Start(), c.Start());
        var sw = Stopwatch.StartNew(); ProduceD(ring, Events, 1); h.Done.Wait(); sw.Stop();
        Task.WaitAll(a.Halt(), b.Halt(), c.Halt());
        return [Throughput(Events, sw)];
    }
#endif

    // ---------------- drain: the consumer's per-event cost alone ----------------
    // The ring is filled before the consumer starts, so the stage sees one batch of DrainEvents slots: what is
    // timed (first to last event, stamped by the handler) is the stage loop's per-event cost, with no thread
    // hand-off in it. The least noisy shape on a shared 2-core VM.
    const int DrainEvents = 1 << 20;
    static double[] LDrainRun()
    {
        var ring = L.RingBuffer<Evt>.CreateSingleProducer(DrainEvents, LWait());
        var h = new LDrain { Expected = DrainEvents - 1 };
        var g = new L.StageGraph<Evt>(ring); g.HandleEventsWith(new L.StageOptions("c"), h);
        ProduceL(ring, DrainEvents, 1024);
        g.Start(); h.Done.Wait();
        g.Halt(TimeSpan.FromSeconds(30));
        return [(DrainEvents - 1) / ((h.Last - h.First) / (double)Stopwatch.Frequency)];
    }
#if DISRUPTOR
    static double[] DDrainRun()
    {
        var ring = D.ValueRingBuffer<Evt>.CreateSingleProducer(() => new Evt(), DrainEvents, DWait());
        var h = new DDrain { Expected = DrainEvents - 1 };
        var p = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown), h);
        ring.AddGatingSequences(p.Sequence);
        ProduceD(ring, DrainEvents, 1024);
        p.Start().Wait(); h.Done.Wait();
        p.Halt().Wait();
        return [(DrainEvents - 1) / ((h.Last - h.First) / (double)Stopwatch.Frequency)];
    }
#endif

    // ---------------- three-stage pipeline latency at a paced rate ----------------
    const int LatencyEvents = 40_000;
    const long PaceNs = 50_000; // 20,000 events/s
    static void Pace(ref long next)
    {
        next += PaceNs * Stopwatch.Frequency / 1_000_000_000;
        while (Stopwatch.GetTimestamp() < next) Thread.Yield();
    }
    static double[] Percentiles(long[] samples)
    {
        var us = samples.Select(x => x * 1e6 / Stopwatch.Frequency).OrderBy(x => x).ToArray();
        return [us[us.Length / 2], us[(int)(us.Length * 0.99)]];
    }
    static double[] LLatencyRun()
    {
        var samples = new long[LatencyEvents];
        var ring = L.RingBuffer<Evt>.CreateSingleProducer(1024, LWait());
        var h = new LLatency(samples) { Expected = LatencyEvents - 1 };
        var g = new L.StageGraph<Evt>(ring);
        g.HandleEventsWith(new L.StageOptions("a"), new LStepA()).Then(new L.StageOptions("b"), new LStepB()).Then(new L.StageOptions("c"), h);
        g.Start();
        long next = Stopwatch.GetTimestamp();
        for (int i = 0; i < LatencyEvents; i++) { Pace(ref next); long s = ring.Next(); ring[s].Value = i; ring[s].Stamp = Stopwatch.GetTimestamp(); ring.Publish(s); }
        h.Done.Wait();
        g.Halt(TimeSpan.FromSeconds(30));
        return Percentiles(samples);
    }
#if DISRUPTOR
    static double[] DLatencyRun()
    {
        var samples = new long[LatencyEvents];
        var ring = D.ValueRingBuffer<Evt>.CreateSingleProducer(() => new Evt(), 1024, DWait());
        var h = new DLatency(samples) { Expected = LatencyEvents - 1 };
        var a = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown), new DStepA());
        var b = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown, a.Sequence), new DStepB());
        var c = DP.EventProcessorFactory.Create(ring, ring.NewBarrier(D.SequenceWaiterOwner.Unknown, b.Sequence), h);
        ring.AddGatingSequences(c.Sequence);
        Task.WaitAll(a.Start(), b.Start(), c.Start());
        long next = Stopwatch.GetTimestamp();
        for (int i = 0; i < LatencyEvents; i++) { Pace(ref next); long s = ring.Next(); ring[s].Value = i; ring[s].Stamp = Stopwatch.GetTimestamp(); ring.Publish(s); }
        h.Done.Wait();
        Task.WaitAll(a.Halt(), b.Halt(), c.Halt());
        return Percentiles(samples);
    }
#endif
}
