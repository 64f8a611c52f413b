using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// What became of every received frame, counted where it was decoded: events, control (acks, pongs) or
/// rejected by reason. Every frame lands in exactly one of these, so <c>Frames == Events + Control + Rejected</c>.
/// Several producers (one per live connection) may count at once.
/// </summary>
public sealed class FrameCounters
{
    private long _frames, _eventFrames, _control, _events;
    private readonly long[] _rejected = new long[RejectReasons.Count];

    public long Frames => Volatile.Read(ref _frames);
    public long EventFrames => Volatile.Read(ref _eventFrames);
    public long Control => Volatile.Read(ref _control);
    /// <summary>Slots published (a frame may carry several events).</summary>
    public long Events => Volatile.Read(ref _events);
    public long Rejected { get { long n = 0; for (int i = 0; i < _rejected.Length; i++) n += Volatile.Read(ref _rejected[i]); return n; } }
    public long RejectedFor(RejectReason reason) => Volatile.Read(ref _rejected[(int)reason]);

    public void Count(in FrameResult result)
    {
        Interlocked.Increment(ref _frames);
        switch (result.Outcome)
        {
            case FrameOutcome.Events:
                Interlocked.Increment(ref _eventFrames);
                Interlocked.Add(ref _events, result.EventCount);
                break;
            case FrameOutcome.Control:
                Interlocked.Increment(ref _control);
                break;
            default:
                Interlocked.Increment(ref _rejected[(int)result.Reason]);
                break;
        }
    }

    /// <summary>A frame refused before decoding (oversized, bad capture line): counted as received and rejected.</summary>
    public void CountRejected(RejectReason reason)
    {
        Interlocked.Increment(ref _frames);
        Interlocked.Increment(ref _rejected[(int)reason]);
    }

    public long[] RejectedByReason()
    {
        var copy = new long[_rejected.Length];
        for (int i = 0; i < copy.Length; i++) copy[i] = Volatile.Read(ref _rejected[i]);
        return copy;
    }
}
