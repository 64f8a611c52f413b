using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>What a live run wants besides the configuration and the host options.</summary>
public sealed record LiveRunOptions
{
    /// <summary>The venues to connect to (null: every venue enabled in configuration).</summary>
    public IReadOnlyCollection<Exchange>? Venues { get; init; }

    /// <summary>Record every connection's frames into this folder (<c>--record</c>).</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>Stop by itself after this long (<c>--duration</c>); null runs until cancelled.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Replay the built-in burst through a throw-away pipeline first (<see cref="LiveWarmup"/>).</summary>
    public bool Warmup { get; init; } = true;

    /// <summary>Capture folder whose newest <see cref="WarmMinutes"/> are replayed through the model before connecting (<c>--warm-from</c>).</summary>
    public string? WarmFrom { get; init; }

    /// <summary>Minutes of <see cref="WarmFrom"/> to replay (<c>--warm-minutes</c>).</summary>
    public double WarmMinutes { get; init; } = LiveWarmFrom.DefaultMinutes;

    /// <summary>Status lines (warming up, connects, drops, REST failures); null prints none.</summary>
    public TextWriter? Status { get; init; }
}
