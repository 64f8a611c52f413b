using System.Diagnostics;
using System.Text;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Transport;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>A frame observer that counts the frames containing a marker (pongs, say) and the disconnect markers.</summary>
internal sealed class FrameWatcher(string marker) : IFrameObserver
{
    private readonly byte[] _marker = Encoding.UTF8.GetBytes(marker);

    public CountSignal Matching { get; } = new();
    public CountSignal All { get; } = new();
    public CountSignal Disconnects { get; } = new();

    /// <summary>The longest time between two matching frames (for failure messages: how long the ping/pong round trip stalled).</summary>
    public TimeSpan LongestGap => TimeSpan.FromTicks(Interlocked.Read(ref _longestGapTicks));

    private long _lastMatchAt;
    private long _longestGapTicks;

    public void OnFrame(ReadOnlySpan<byte> frame, in FrameContext context)
    {
        if (frame.IndexOf(_marker) >= 0)
        {
            long now = Stopwatch.GetTimestamp();
            if (_lastMatchAt != 0)
            {
                long gap = Stopwatch.GetElapsedTime(_lastMatchAt, now).Ticks;
                if (gap > Interlocked.Read(ref _longestGapTicks)) Interlocked.Exchange(ref _longestGapTicks, gap);
            }
            _lastMatchAt = now;
            Matching.Add();
        }
        All.Add();
    }

    public void OnDisconnect(in FrameContext context, DisconnectReason reason) => Disconnects.Add();
}
