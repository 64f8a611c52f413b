using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// Sees every complete frame a connection received, with its receive time, before it is decoded (the capture
/// writer). Called on the connection's receive thread with a view of the connection's reusable buffer: the
/// span is valid only during the call, so an observer that keeps bytes copies them. Must not block.
/// </summary>
public interface IFrameObserver
{
    void OnFrame(ReadOnlySpan<byte> frame, in FrameContext context);

    /// <summary>The connection was lost (a capture writes its disconnect marker). Called once per drop, after the last frame of the session.</summary>
    void OnDisconnect(in FrameContext context, DisconnectReason reason);
}
