using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Transport;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// Sees every frame one live connection received, before it is decoded: hands the exact bytes and receive time
/// to the connection's <see cref="CaptureWriter"/> (which copies them into its queue and returns: recording is
/// off the hot path), and writes a disconnect marker when the connection drops. It counts nothing: the
/// connection's <see cref="FrameProducer"/> counts every frame, pongs included.
/// </summary>
internal sealed class ConnectionFrameObserver(CaptureWriter capture) : IFrameObserver
{
    public void OnFrame(ReadOnlySpan<byte> frame, in FrameContext context) => capture.TryAppend(frame, context.ReceiveTimeTicks);

    public void OnDisconnect(in FrameContext context, DisconnectReason reason) => capture.TryAppendDisconnect();
}
