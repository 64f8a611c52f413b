namespace LowLatencyCascade.Feeds.Capture;

/// <summary>Thrown in strict mode at the first bad line; the message names the file and the line.</summary>
public sealed class CaptureFormatException(CaptureIssue issue) : Exception(issue.ToString())
{
    public CaptureIssue Issue { get; } = issue;
}
