namespace LowLatencyCascade.Feeds.Capture;

public sealed record CaptureReaderOptions
{
    /// <summary>Throw <see cref="CaptureFormatException"/> at the first issue instead of reporting it and reading on.</summary>
    public bool Strict { get; init; }

    /// <summary>Called for every issue (in strict mode, just before the exception).</summary>
    public Action<CaptureIssue>? OnIssue { get; init; }

    /// <summary>Longest line accepted; a longer one is skipped as <see cref="CaptureIssueKind.LineTooLong"/>.</summary>
    public int MaxLineBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Read and decompress the file on a thread of its own (<see cref="ReadAheadStream"/>), ahead of the line
    /// parsing. Off by default; the replayer turns it on (<see cref="CaptureReplayOptions.ReadAhead"/>).
    /// </summary>
    public bool ReadAhead { get; init; }
}
