namespace LowLatencyCascade.Hosting.Harness;

/// <summary>What every run of one harness invocation shares.</summary>
public sealed record HarnessSettings
{
    /// <summary>Seconds at the rate before measuring: JIT tiering, windows filling, caches warming.</summary>
    public double WarmupSeconds { get; init; } = 2;

    /// <summary>Seconds measured.</summary>
    public double MeasureSeconds { get; init; } = 5;

    /// <summary>Slots in the ring (a power of two).</summary>
    public int RingSize { get; init; } = 65536;

    /// <summary>Capacity of each bounded channel in the baseline.</summary>
    public int ChannelCapacity { get; init; } = 65536;

    /// <summary>CPU for the load generator's thread (null: not pinned); pair it with <see cref="RunSpec.Cpus"/> on a many-core box.</summary>
    public int? GeneratorCpu { get; init; }

    /// <summary>The generator spins for waits shorter than this and yields for longer ones (see <see cref="LoadGenerator.SpinBelow"/>).</summary>
    public TimeSpan GeneratorSpinBelow { get; init; } = LoadGenerator.DefaultSpinBelow;

    /// <summary>Longest wait for the stages to drain after the generator stops.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True (the default): a symbol's periodic signal comes at most every 100 ms of wall-clock time, as on a live box.
    /// The corpus replays event time hundreds of times faster than it passed (100k frames/s of a market that sent
    /// a few hundred a second), so the spec's 100 ms of event time would make nearly every other event a signal to
    /// encode and publish; the interval is stretched by the replay's speed-up instead. False keeps 100 ms of event time.
    /// </summary>
    public bool WallClockSignalPacing { get; init; } = true;

    /// <summary>The rate a saturation run is taken to replay at when pacing signals by wall-clock time.</summary>
    public const double NominalSaturationRate = 200_000;

    /// <summary>The model's signal interval for a run at <paramref name="rate"/> over <paramref name="corpus"/>.</summary>
    public int SignalIntervalMsFor(double rate, FrameCorpus corpus)
    {
        const int spec = 100;
        if (!WallClockSignalPacing || corpus.FramesPerEventSecond <= 0) return spec;
        double speedUp = (rate > 0 ? rate : NominalSaturationRate) / corpus.FramesPerEventSecond;
        return (int)Math.Clamp(Math.Round(spec * Math.Max(1, speedUp)), spec, 3_600_000);
    }

    /// <summary>Frames the corpus needs so that no run, a saturation run at up to 600k frames/s included, runs out.</summary>
    public int CorpusFramesFor(IEnumerable<double> rates) =>
        rates.Select(r => FramesFor(r > 0 ? r : 600_000)).DefaultIfEmpty(1).Max();

    /// <summary>Frames a paced run at <paramref name="rate"/> sends (warm-up and measured window).</summary>
    public int FramesFor(double rate) => (int)Math.Ceiling(rate * (WarmupSeconds + MeasureSeconds));
}
