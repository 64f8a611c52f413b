using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Transport;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// What became of every received frame, for the whole run: the sum of its producers' <see cref="FrameTally"/>s
/// (one per live connection, one per replay, each counted by its <see cref="FrameProducer"/> as the frame was
/// handled). Every frame lands in exactly one category, so <c>Frames == EventFrames + Control + Rejected</c>.
/// Nothing here counts: it only adds up, so a frame cannot be counted twice.
/// </summary>
public sealed class FrameCounters
{
    private readonly object _lock = new();
    private FrameTally[] _tallies = [];

    /// <summary>Adds a producer's tally to the run's totals (a live connection's, say) and returns it.</summary>
    public FrameTally Add(FrameTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        lock (_lock) _tallies = [.. _tallies, tally];
        return tally;
    }

    /// <summary>A tally for a new producer, already counted in the totals.</summary>
    public FrameTally NewTally() => Add(new FrameTally());

    public long Frames => Sum(static t => t.Frames);
    public long EventFrames => Sum(static t => t.EventFrames);
    public long Control => Sum(static t => t.ControlFrames);
    /// <summary>Slots published with market events (a frame may carry several).</summary>
    public long Events => Sum(static t => t.Events);
    public long Rejected => Sum(static t => t.RejectedFrames);

    public long RejectedFor(RejectReason reason)
    {
        long n = 0;
        foreach (var t in Volatile.Read(ref _tallies)) n += t.Rejected(reason);
        return n;
    }

    public long[] RejectedByReason()
    {
        var copy = new long[RejectReasons.Count];
        foreach (var t in Volatile.Read(ref _tallies))
            for (int i = 0; i < copy.Length; i++) copy[i] += t.Rejected((RejectReason)i);
        return copy;
    }

    private long Sum(Func<FrameTally, long> read)
    {
        long n = 0;
        foreach (var t in Volatile.Read(ref _tallies)) n += read(t);
        return n;
    }
}
