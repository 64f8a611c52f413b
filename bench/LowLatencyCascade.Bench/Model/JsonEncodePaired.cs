using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Signals;

namespace LowLatencyCascade.Bench.Model;

/// <summary>
/// <c>./run.sh bench json-paired</c>: the direct encoder against the <c>Utf8JsonWriter</c> reference, interleaved. Each round
/// times a batch of one, then a batch of the other (the order alternates by round), so a burst of load from other
/// processes lands on both halves of a round; the median of the per-round ratios holds where BenchmarkDotNet's
/// one-method-after-the-other runs swing on a shared 2-vCPU machine. Same signal as <see cref="JsonEncodeBenchmark"/>.
/// </summary>
public static class JsonEncodePaired
{
    public static int Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 3000;
        const int Batch = 200;
        var bench = new JsonEncodeBenchmark();
        bench.Setup();
        // Warm both (JIT tiers, the symbol's quoted name).
        for (int i = 0; i < 50_000; i++) { bench.EncodeSignal(); bench.Utf8JsonWriterEncode(); }
        var direct = new double[rounds];
        var reference = new double[rounds];
        var ratios = new double[rounds];
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            bool referenceFirst = round % 2 == 0;
            for (int half = 0; half < 2; half++)
            {
                bool doReference = (half == 0) == referenceFirst;
                long start = Stopwatch.GetTimestamp();
                if (doReference) for (int i = 0; i < Batch; i++) sink += bench.Utf8JsonWriterEncode();
                else for (int i = 0; i < Batch; i++) sink += bench.EncodeSignal();
                double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch;
                if (doReference) reference[round] = ns; else direct[round] = ns;
            }
            ratios[round] = direct[round] / reference[round];
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine($"signal JSON encoding, {rounds} interleaved rounds of {Batch} encodes each ({bench.EncodeSignal()} bytes a message; checksum {sink % 997})");
        Console.WriteLine($"  SignalJsonEncoder (direct)          median {Median(direct),8:F1} ns/signal");
        Console.WriteLine($"  ReferenceSignalJsonEncoder (writer) median {Median(reference),8:F1} ns/signal");
        Console.WriteLine($"  direct / reference: median of per-round ratios {Median(ratios):F3} (p25 {Percentile(ratios, 25):F3}, p75 {Percentile(ratios, 75):F3})");
        Console.WriteLine($"  allocated over all rounds: {allocated} B");
        return 0;
    }

    private static double Median(double[] values) => Percentile(values, 50);

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round((sorted.Length - 1) * p / 100)];
    }
}
