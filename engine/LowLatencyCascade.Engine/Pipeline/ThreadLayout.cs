using System.Globalization;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>
/// How the stage threads wait and where they run, as resolved for this machine. With
/// <c>Pipeline:WaitStrategy</c> = <c>auto</c> (the default) the layout follows from the CPUs the process may use
/// and the stage threads the topology needs, so there are never more spinning threads than cores:
/// <list type="bullet">
/// <item>every stage thread gets a core of its own and two cores are left for the rest (receive loops, sinks,
/// dashboard, the runtime): <c>busy-spin</c>, stage threads pinned to the highest allowed CPUs, every other
/// thread of the process kept off those CPUs;</item>
/// <item>every stage thread gets a core and one is left: <c>yielding</c>, unpinned (spins, then gives its core to
/// any other runnable thread; on a 2-core box with the fused topology it measured p50 6 µs live against 44 µs for
/// spin-then-park, BENCHMARKS.md);</item>
/// <item>otherwise: <c>spin-then-park</c> (spins briefly, then sleeps until a producer wakes it).</item>
/// </list>
/// An explicit wait strategy or CPU list is used as given. One pipeline per process at a time gets the pinned
/// layout (a warm-up or second pipeline meanwhile resolves on the remaining CPUs without pinning).
/// </summary>
public sealed record ThreadLayout(string WaitStrategy, int[] Cpus, int[] OtherThreadCpus, bool Auto, string Reason)
{
    public const string AutoName = "auto";

    /// <summary>Stage threads of a topology: fused 1, split 3, per-stage 5.</summary>
    public static int StageThreads(string topology) => topology switch
    {
        "fused" => 1,
        "split" => 3,
        _ => 5,
    };

    /// <summary>Whether the other threads of the process are kept off the stage threads' CPUs.</summary>
    public bool KeepsOtherThreadsOff => OtherThreadCpus.Length > 0;

    /// <summary>The layout for <paramref name="options"/> on a process allowed to run on <paramref name="allowedCpus"/>.</summary>
    /// <param name="allowPinning">False while another pipeline in this process holds pinned cores: the busy-spin tier is skipped.</param>
    public static ThreadLayout Resolve(PipelineOptions options, IReadOnlyList<int> allowedCpus, bool allowPinning = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(allowedCpus);
        int stageThreads = StageThreads(options.Topology);
        int cores = allowedCpus.Count;
        if (!string.Equals(options.WaitStrategy, AutoName, StringComparison.OrdinalIgnoreCase))
        {
            return new ThreadLayout(options.WaitStrategy, options.Cpus, [], false,
                $"{options.WaitStrategy} as configured" + (options.Cpus.Length > 0 ? $", stage threads pinned to CPUs {string.Join(",", options.Cpus)}" : ""));
        }

        string counts = string.Create(CultureInfo.InvariantCulture,
            $"{cores} CPU(s) for {stageThreads} stage thread(s)");
        if (allowPinning && cores >= stageThreads + 2)
        {
            int[] cpus = options.Cpus.Length > 0 ? options.Cpus : allowedCpus.Skip(cores - stageThreads).ToArray();
            int[] others = allowedCpus.Where(cpu => !cpus.Contains(cpu)).ToArray();
            return new ThreadLayout("busy-spin", cpus, others, true,
                $"auto: busy-spin, stage threads pinned to CPUs {string.Join(",", cpus)}, other threads on CPUs {ThreadAffinity.FormatRanges(others)} ({counts} and two for the rest)");
        }
        if (cores >= stageThreads + 1)
        {
            return new ThreadLayout("yielding", options.Cpus, [], true,
                $"auto: yielding, unpinned ({counts}: a core each, none to spare for pinning)");
        }
        return new ThreadLayout("spin-then-park", options.Cpus, [], true,
            $"auto: spin-then-park ({counts}: fewer cores than spinning stages would need)");
    }
}
