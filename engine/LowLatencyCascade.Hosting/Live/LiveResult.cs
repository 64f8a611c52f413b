using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>One connection's totals at the end of a live run, from its own tally and health.</summary>
public sealed record ConnectionSummary(string Name, long Frames, long EventFrames, long Events, long Control, long Rejected, long Drops, long ReconnectAttempts)
{
    /// <summary>Outages that ended in a new connection, their summed length (the lost windows) and the longest (the slowest reconnection).</summary>
    public long Outages { get; init; }
    public TimeSpan OutageTotal { get; init; }
    public TimeSpan OutageLongest { get; init; }
    public long StaleStreamResets { get; init; }
    /// <summary>Subscribe requests the venue refused (each re-made the session).</summary>
    public long SubscribeRefusals { get; init; }
}

/// <summary>What a live run did, read after the feeds stopped, the ring drained and the sinks and captures flushed.</summary>
public sealed record LiveResult(
    Hosting.FrameCounters Frames,
    IReadOnlyList<ConnectionSummary> Connections,
    long[] SignalsByLevel,
    long Slots,
    long Duplicates,
    long Gaps,
    long DuplicateFrames,
    HdrHistogram[] Latencies,
    TimeSpan Elapsed,
    IReadOnlyList<SinkRunnerStats> Sinks,
    IReadOnlyList<string> CaptureFiles,
    long FramesNotRecorded,
    int OkxInstrumentLoadFailures,
    long OpenInterestPolls,
    long OpenInterestFailures,
    /// <summary>Collections and bytes allocated over the live run (whole process).</summary>
    Hosting.GcCounts Gc,
    /// <summary>Resident memory at the end of the run and its peak.</summary>
    Hosting.ProcessMemory Memory)
{
    /// <summary>Capture write failures (a full disk, say; recording resumed on a new file after each) and the last one's message.</summary>
    public long CaptureWriteFailures { get; init; }
    public string? CaptureLastError { get; init; }

    /// <summary>Frames every connection received, by the connections' own tallies.</summary>
    public long FramesReceived => Connections.Sum(c => c.Frames);
}
