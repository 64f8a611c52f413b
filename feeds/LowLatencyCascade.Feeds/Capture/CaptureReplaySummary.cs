using System.Text;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>What a replay did: counts for the end-of-run report.</summary>
public sealed record CaptureReplaySummary(
    IReadOnlyList<CaptureSource> Sources,
    long Frames,
    long Bytes,
    long Disconnects,
    IReadOnlyDictionary<CaptureIssueKind, int> IssuesByKind,
    TimeSpan Elapsed,
    long FirstTicks,
    long LastTicks,
    bool Cancelled)
{
    public int Issues => IssuesByKind.Values.Sum();

    public double FramesPerSecond => Elapsed > TimeSpan.Zero ? Frames / Elapsed.TotalSeconds : 0;

    public override string ToString()
    {
        var text = new StringBuilder()
            .Append($"{Sources.Count} files, {Frames} frames, {Bytes} bytes, {Disconnects} disconnects, {Issues} issues")
            .Append($" in {Elapsed.TotalSeconds:F2} s ({FramesPerSecond:F0} frames/s)");
        foreach (var (kind, count) in IssuesByKind) text.Append($"; {CaptureIssueKinds.Name(kind)}={count}");
        if (Cancelled) text.Append("; cancelled");
        return text.ToString();
    }
}
