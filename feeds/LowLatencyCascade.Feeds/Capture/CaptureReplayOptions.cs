namespace LowLatencyCascade.Feeds.Capture;

public sealed record CaptureReplayOptions
{
    /// <summary>
    /// 0 (default): as fast as possible. N &gt; 0: pace the frames by their recorded local times at N × real
    /// time (1 = as recorded, 10 = ten times faster).
    /// </summary>
    public double Speed { get; init; }

    /// <summary>
    /// Frames received before this time (capture ticks, as <see cref="CaptureRecord.ReceiveTimeTicks"/>) are read
    /// past, neither replayed nor counted: the newest minutes of a longer recording (<c>live --warm-from</c>).
    /// 0 (default): from the first frame.
    /// </summary>
    public long FromTicks { get; init; }

    /// <summary>Stop at the first bad line or file with a <see cref="CaptureFormatException"/> naming file and line.</summary>
    public bool Strict { get; init; }

    /// <summary>Called on the replaying thread about every <see cref="ProgressInterval"/>, and once at the end.</summary>
    public Action<CaptureReplayProgress>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public int MaxLineBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Each file is read and decompressed on a thread of its own, beside the merge and decoding (on by default:
    /// gzip inflation was about a sixth of the replay producer's time). The frames and their order are the same
    /// either way. Every file of a replay is open at once (the merge needs each one's next line), and each
    /// read-ahead holds a thread and 1 MiB of blocks, so it applies only up to <see cref="MaxReadAheadFiles"/>
    /// files; a longer list (days of hourly rotated captures) is read on the replay thread.
    /// </summary>
    public bool ReadAhead { get; init; } = true;

    /// <summary>The most files a replay reads ahead (see <see cref="ReadAhead"/>).</summary>
    public int MaxReadAheadFiles { get; init; } = 32;
}
