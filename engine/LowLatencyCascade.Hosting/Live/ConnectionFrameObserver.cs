using LowLatencyCascade.Hosting;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Transport;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// Sees every frame one live connection received, before it is decoded: hands the exact bytes and receive time
/// to the connection's <see cref="CaptureWriter"/> (which copies them into its queue and returns: recording is
/// off the hot path), writes a disconnect marker when the connection drops, and counts the keep-alive answers
/// (pongs), which the transport consumes without decoding, as control frames, so that every frame the
/// connection received is in the host's <see cref="FrameCounters"/>.
/// </summary>
internal sealed class ConnectionFrameObserver(IVenueProtocol protocol, FrameCounters counters, CaptureWriter? capture) : IFrameObserver
{
    public void OnFrame(ReadOnlySpan<byte> frame, in FrameContext context)
    {
        capture?.TryAppend(frame, context.ReceiveTimeTicks);
        if (protocol.IsPong(frame)) counters.Count(FrameResult.Control);
    }

    public void OnDisconnect(in FrameContext context, DisconnectReason reason) => capture?.TryAppendDisconnect();
}
