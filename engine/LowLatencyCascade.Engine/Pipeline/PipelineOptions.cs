namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>How the ring and its stages are laid out on threads. Bound from configuration section <c>Pipeline</c>.</summary>
public sealed class PipelineOptions
{
    /// <summary>
    /// Slots in the ring (a power of two), or 0 (the default): sized by the run, <see cref="LiveRingSize"/> for live
    /// feeds (<see cref="MultiProducer"/>), <see cref="ReplayRingSize"/> for one producer (replays, demo, backtest).
    /// A slot is about 650 bytes: 16384 slots are 10 MiB resident, 4096 are 2.5 MiB. The earlier 65536 held 42 MiB for
    /// a buffer no live feed fills. A full-speed replay fills any size and waits for room instead (signals unchanged).
    /// </summary>
    public int RingSize { get; set; }

    /// <summary>
    /// Live default: 4096 slots are 0.4 s of 10k frames/s (the issue's upper live rate) and 2 s of 2k/s, while the
    /// stages take a slot in about a microsecond; a producer that finds the ring full waits for room (nothing is
    /// dropped). 16384 slots cost 7.5 MiB more resident memory (BENCHMARKS.md, "Resident memory of a live run").
    /// </summary>
    public const int LiveRingSize = 4096;

    /// <summary>Replay default: a full-speed replay keeps any ring full; its backlog grows with the ring (BENCHMARKS.md).</summary>
    public const int ReplayRingSize = 16384;

    /// <summary>The ring's slots: <see cref="RingSize"/> when set, else the live or replay default.</summary>
    public int EffectiveRingSize => RingSize > 0 ? RingSize : MultiProducer ? LiveRingSize : ReplayRingSize;

    /// <summary>
    /// <c>auto</c> (the default: chosen from the CPUs the process may use, see <see cref="ThreadLayout"/>),
    /// <c>busy-spin</c>, <c>yielding</c>, <c>sleeping</c>, <c>blocking</c> or <c>spin-then-park</c>.
    /// </summary>
    public string WaitStrategy { get; set; } = ThreadLayout.AutoName;

    /// <summary>
    /// <c>fused</c>: every stage on one thread (best on a 2-core machine: one core for the producer, one for the model);
    /// <c>split</c>: velocity and volatility in parallel, then regime+scoring+publish fused (3 threads);
    /// <c>per-stage</c>: one thread per stage (5 threads: for a many-core box with pinned cores).
    /// </summary>
    public string Topology { get; set; } = "fused";

    /// <summary>CPUs to pin the stage threads to, in stage order (empty: no pinning).</summary>
    public int[] Cpus { get; set; } = [];

    /// <summary>Several producers (live feeds, one per connection) or one (replay, harness).</summary>
    public bool MultiProducer { get; set; } = true;

    /// <summary>How long a halt may take to drain the ring before it gives up and says which stage lags.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// These options for a run with several producers (live feeds) or one (replay): a copy, so configured settings
    /// are never changed after validation (a warm-up and the live run may share them).
    /// </summary>
    public PipelineOptions ForProducers(bool multiProducer)
    {
        var copy = (PipelineOptions)MemberwiseClone();
        copy.MultiProducer = multiProducer;
        return copy;
    }

    public static readonly string[] Topologies = ["fused", "split", "per-stage"];
    public static readonly string[] WaitStrategies = [ThreadLayout.AutoName, .. Ring.WaitStrategies.Names];

    /// <summary>Errors that each name the configuration key and the reason.</summary>
    public IReadOnlyList<string> Validate(string section = "Pipeline")
    {
        var errors = new List<string>();
        if (RingSize != 0 && (RingSize < 2 || (RingSize & (RingSize - 1)) != 0))
            errors.Add($"{section}:RingSize: must be a power of two >= 2, or 0 to size it by the run (was {RingSize})");
        if (!WaitStrategies.Contains(WaitStrategy))
            errors.Add($"{section}:WaitStrategy: must be one of {string.Join(", ", WaitStrategies)} (was '{WaitStrategy}')");
        if (!Topologies.Contains(Topology))
            errors.Add($"{section}:Topology: must be one of {string.Join(", ", Topologies)} (was '{Topology}')");
        int cpus = Environment.ProcessorCount;
        for (int i = 0; i < Cpus.Length; i++)
        {
            if (Cpus[i] < 0 || Cpus[i] >= cpus)
                errors.Add($"{section}:Cpus:{i}: CPU {Cpus[i]} does not exist on this machine (CPUs 0-{cpus - 1})");
        }
        if (DrainTimeout <= TimeSpan.Zero)
            errors.Add($"{section}:DrainTimeout: must be positive (was {DrainTimeout})");
        return errors;
    }
}
