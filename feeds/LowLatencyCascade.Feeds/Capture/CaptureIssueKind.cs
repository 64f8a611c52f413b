namespace LowLatencyCascade.Feeds.Capture;

/// <summary>What was wrong with a capture file. Values index counters.</summary>
public enum CaptureIssueKind
{
    /// <summary>The gzip stream could not be decompressed past this point; the rest of the file is lost.</summary>
    CorruptGzip = 0,
    /// <summary>The file ends in the middle of a line (no final newline): the partial line is not replayed.</summary>
    TruncatedLine = 1,
    /// <summary>A line that does not start with <c>&lt;ISO-8601 UTC timestamp&gt;Z </c>: skipped.</summary>
    BadTimestamp = 2,
    /// <summary>A line longer than the reader's limit: skipped.</summary>
    LineTooLong = 3,
    /// <summary>Neither the file name nor the first frame tells the venue: the file is skipped.</summary>
    UnknownExchange = 4,
    /// <summary>The file could not be opened or read.</summary>
    Unreadable = 5,
}

public static class CaptureIssueKinds
{
    public const int Count = 6;

    public static string Name(CaptureIssueKind kind) => kind switch
    {
        CaptureIssueKind.CorruptGzip => "corrupt_gzip",
        CaptureIssueKind.TruncatedLine => "truncated_line",
        CaptureIssueKind.BadTimestamp => "bad_timestamp",
        CaptureIssueKind.LineTooLong => "line_too_long",
        CaptureIssueKind.UnknownExchange => "unknown_exchange",
        CaptureIssueKind.Unreadable => "unreadable",
        _ => "other",
    };
}
