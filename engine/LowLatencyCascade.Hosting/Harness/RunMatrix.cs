using LowLatencyCascade.Engine.Pipeline;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>Which runs an invocation makes: layouts × rates, slowest rate first, saturation last.</summary>
public static class RunMatrix
{
    /// <summary>The default rates: the three fixed rates and a saturation run.</summary>
    public static readonly double[] DefaultRates = [10_000, 100_000, 500_000, 0];

    /// <summary>
    /// The default layouts, the ones worth comparing on a small machine in about three minutes: the two contenders
    /// on 2 cores (one or three yielding stage threads), the textbook busy-spin on one stage thread, the textbook
    /// one thread per stage (yielding, so it does not lock up two cores); the Channels baseline is added apart.
    /// </summary>
    public static IReadOnlyList<(string Topology, string Wait)> DefaultLayouts { get; } =
        [("fused", "yielding"), ("split", "yielding"), ("fused", "busy-spin"), ("per-stage", "yielding")];

    /// <summary>The wait strategies the full matrix crosses with every topology (sleeping is a variant of yielding).</summary>
    public static readonly string[] MatrixWaits = ["busy-spin", "yielding", "blocking"];

    /// <param name="topologies">Null: the default layouts (or every topology with <paramref name="matrix"/>).</param>
    /// <param name="floor">Add a <c>floor-&lt;rate&gt;</c> run at each rate (<see cref="RunSpec.ForFloor"/>).</param>
    /// <param name="waits">Null: the default layouts (or busy-spin, yielding, blocking with <paramref name="matrix"/>).</param>
    public static IReadOnlyList<RunSpec> Build(IReadOnlyList<double> rates, IReadOnlyList<string>? topologies, IReadOnlyList<string>? waits,
        bool matrix, bool baseline, int[] cpus, bool floor = false)
    {
        IReadOnlyList<(string Topology, string Wait)> layouts = topologies is null && waits is null && !matrix
            ? DefaultLayouts
            : [.. from t in topologies ?? PipelineOptions.Topologies from w in waits ?? MatrixWaits select (t, w)];
        var runs = new List<RunSpec>();
        foreach (double rate in rates.Distinct().OrderBy(r => r == 0 ? double.MaxValue : r))
        {
            // The floor first, with the first layout's wait strategy (yielding by default): the same ring, a consumer that only stamps.
            if (floor && layouts.Count > 0) runs.Add(RunSpec.ForFloor(layouts[0].Wait, rate));
            foreach (var (topology, wait) in layouts) runs.Add(RunSpec.ForRing(topology, wait, rate, cpus));
            if (baseline) runs.Add(RunSpec.ForChannels(rate));
        }
        return runs;
    }
}
