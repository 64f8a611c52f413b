namespace LowLatencyCascade.Feeds.Capture;

/// <summary>The background capture writer's queue and flush settings, around the file settings.</summary>
public sealed record CaptureWriterOptions
{
    public required CaptureFileOptions File { get; init; }

    /// <summary>
    /// Bytes of the preallocated queue between producers and the writer thread (rounded up to a power of two).
    /// Each frame takes its length plus a 16-byte header, rounded up to 16. When the queue is full the frame is
    /// dropped and counted: the producer never waits.
    /// </summary>
    public int QueueBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How often the writer thread pushes buffered lines through to the file while frames keep coming.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After a write fails (a full disk, a removed folder), frames are counted as lost for this long, then the
    /// failed file is given up and the next frame starts a new one: recording resumes by itself once space is back.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Told on the writer thread when writing fails (the exception) and when it works again after a failure
    /// (null). Must not block; exceptions it throws are ignored.
    /// </summary>
    public Action<Exception?>? StateChanged { get; init; }
}
