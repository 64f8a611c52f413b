using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// What became of every frame a connection received: each frame is counted exactly once as an event frame,
/// a control frame (acks, pongs) or a rejected frame (by reason). Written by the connection's receive thread
/// only (plain increments published with <see cref="Volatile"/>), read by anybody.
/// </summary>
public sealed class FrameTally
{
    private long _frames;
    private long _eventFrames;
    private long _events;
    private long _controlFrames;
    private long _pongs;
    private long _rejectedFrames;
    private long _bytes;
    private readonly long[] _rejected = new long[RejectReasons.Count];

    public long Frames => Volatile.Read(ref _frames);
    public long EventFrames => Volatile.Read(ref _eventFrames);
    /// <summary>Market events committed (a frame may carry several).</summary>
    public long Events => Volatile.Read(ref _events);
    /// <summary>Control frames, pongs included.</summary>
    public long ControlFrames => Volatile.Read(ref _controlFrames);
    public long Pongs => Volatile.Read(ref _pongs);
    public long RejectedFrames => Volatile.Read(ref _rejectedFrames);
    public long Bytes => Volatile.Read(ref _bytes);

    public long Rejected(RejectReason reason) => Volatile.Read(ref _rejected[(int)reason]);

    internal void Record(FrameResult result, int length)
    {
        switch (result.Outcome)
        {
            case FrameOutcome.Events:
                Volatile.Write(ref _eventFrames, _eventFrames + 1);
                Volatile.Write(ref _events, _events + result.EventCount);
                break;
            case FrameOutcome.Control:
                Volatile.Write(ref _controlFrames, _controlFrames + 1);
                break;
            default:
                Volatile.Write(ref _rejected[(int)result.Reason], _rejected[(int)result.Reason] + 1);
                Volatile.Write(ref _rejectedFrames, _rejectedFrames + 1);
                break;
        }
        Volatile.Write(ref _bytes, _bytes + length);
        Volatile.Write(ref _frames, _frames + 1);
    }

    internal void RecordPong(int length)
    {
        Volatile.Write(ref _pongs, _pongs + 1);
        Record(FrameResult.Control, length);
    }
}
