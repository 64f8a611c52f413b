using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// Capture files (or folders of them) as frames for <see cref="VenueWebSocketServer"/>: merged by local receive
/// time exactly as <c>cascade replay</c> merges them (<see cref="CaptureReplayer"/>), each frame's venue taken from
/// its file. The replayer reads on its own thread into a bounded queue, so a large capture streams through in
/// constant memory; each frame is copied once, because the server may still be sending it after the reader has
/// moved on.
/// <para>
/// Disconnect markers are skipped: they record that the <em>recording</em> client lost its connection, which
/// says nothing about the clients being served now; the served stream simply goes on with the next frame, as the
/// recording did after its reconnect. Bad capture lines are skipped and counted in <see cref="Summary"/>.
/// </para>
/// Each call to <see cref="ReadFramesAsync"/> reads the files from the start (so <c>serve --loop</c> replays them).
/// </summary>
public sealed class CaptureFrameSource : IVenueFrameSource
{
    private const int QueueFrames = 4096;

    private readonly IReadOnlyList<string> _paths;

    public CaptureFrameSource(IEnumerable<string> filesOrFolders)
    {
        _paths = CaptureReplayer.ExpandPaths(filesOrFolders);
        if (_paths.Count == 0) throw new ArgumentException("no capture files given", nameof(filesOrFolders));
        foreach (var path in _paths)
            if (!File.Exists(path)) throw new FileNotFoundException($"capture file '{path}' does not exist", path);
    }

    public IReadOnlyList<string> Files => _paths;

    /// <summary>What the last completed read did (frames, disconnect markers skipped, issues by kind).</summary>
    public CaptureReplaySummary? Summary { get; private set; }

    public async IAsyncEnumerable<VenueFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<VenueFrame>(new BoundedChannelOptions(QueueFrames) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                Summary = new CaptureReplayer(_paths).Run(new ChannelConsumer(channel.Writer, stop.Token), stop.Token);
                channel.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex);
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await foreach (var frame in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return frame;
        }
        finally
        {
            stop.Cancel();
            await reader.ConfigureAwait(false);
        }
    }

    /// <summary>Copies each merged frame into the queue, waiting (on the reader's own thread) while it is full.</summary>
    private sealed class ChannelConsumer(ChannelWriter<VenueFrame> writer, CancellationToken cancellationToken) : ICaptureFrameConsumer
    {
        public void OnFrame(Exchange exchange, int connectionId, long receiveTimeTicks, ReadOnlySpan<byte> frame)
        {
            var item = new VenueFrame(exchange, frame.ToArray(), CaptureTimestamp.ToDateTime(receiveTimeTicks));
            while (!writer.TryWrite(item))
            {
                try
                {
                    if (!writer.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult()) return;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public void OnDisconnect(Exchange exchange, int connectionId, long receiveTimeTicks)
        {
        }
    }
}
