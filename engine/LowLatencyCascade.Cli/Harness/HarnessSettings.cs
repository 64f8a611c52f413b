namespace LowLatencyCascade.Cli.Harness;

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

    /// <summary>Longest wait for the stages to drain after the generator stops.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Frames a paced run at <paramref name="rate"/> sends (warm-up and measured window).</summary>
    public int FramesFor(double rate) => (int)Math.Ceiling(rate * (WarmupSeconds + MeasureSeconds));
}
