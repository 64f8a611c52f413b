using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// Where <see cref="CaptureReplayer"/> hands the merged frames, one at a time on the replaying thread (a
/// single producer): typically the venue decoder for <paramref name="connectionId"/> writing into the ring.
/// The frame span is only valid during the call.
/// </summary>
public interface ICaptureFrameConsumer
{
    void OnFrame(Exchange exchange, int connectionId, long receiveTimeTicks, ReadOnlySpan<byte> frame);

    /// <summary>A disconnect marker (an empty line): the connection's windows may have a gap here.</summary>
    void OnDisconnect(Exchange exchange, int connectionId, long receiveTimeTicks);

    /// <summary>A bad line or file was skipped (already counted in the summary); a pipeline may publish a rejected slot for it.</summary>
    void OnIssue(CaptureIssue issue) { }
}
