namespace LowLatencyCascade.Feeds.Capture;

/// <summary>One problem found in a capture file, with where it is (1-based line; 0 when it concerns the whole file).</summary>
public sealed record CaptureIssue(string File, int Line, CaptureIssueKind Kind, string Message)
{
    public override string ToString() => $"{File}:{Line}: {CaptureIssueKinds.Name(Kind)}: {Message}";
}
