using System.Text;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Transport;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>A frame observer that counts the frames containing a marker (pongs, say) and the disconnect markers.</summary>
internal sealed class FrameWatcher(string marker) : IFrameObserver
{
    private readonly byte[] _marker = Encoding.UTF8.GetBytes(marker);

    public CountSignal Matching { get; } = new();
    public CountSignal All { get; } = new();
    public CountSignal Disconnects { get; } = new();

    public void OnFrame(ReadOnlySpan<byte> frame, in FrameContext context)
    {
        if (frame.IndexOf(_marker) >= 0) Matching.Add();
        All.Add();
    }

    public void OnDisconnect(in FrameContext context, DisconnectReason reason) => Disconnects.Add();
}
