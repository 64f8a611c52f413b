namespace LowLatencyCascade.Feeds.Capture;

/// <summary>Where a replay stands: for a progress bar.</summary>
public readonly record struct CaptureReplayProgress(
    long Frames,
    long Bytes,
    double FramesPerSecond,
    TimeSpan Elapsed,
    /// <summary>Local receive time of the last frame handed over (Unix 100 ns ticks).</summary>
    long CurrentTicks,
    long FirstTicks,
    bool Completed);
