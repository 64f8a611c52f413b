using System.Net.WebSockets;
using System.Threading.Channels;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// One connected WebSocket client: its subscription, its small bounded outbox and the loop that sends from it.
/// The sink thread only ever does a non-blocking <see cref="TryEnqueue"/>; when that fails the client is
/// dropped, so a client that does not read costs the pipeline nothing.
/// </summary>
internal sealed class SignalWebSocketClient : IDisposable
{
    private readonly WebSocket _socket;
    private readonly Channel<byte[]> _outbox;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile SignalSubscription _subscription = SignalSubscription.Nothing;
    private int _dropped;
    private readonly Action? _sent;

    /// <param name="sent">Called after each frame written to the socket (the server's sent counter).</param>
    public SignalWebSocketClient(WebSocket socket, int queueCapacity, Action? sent = null)
    {
        _socket = socket;
        _sent = sent;
        _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // never waited on: TryWrite just fails when full
        });
    }

    public SignalSubscription Subscription { get => _subscription; set => _subscription = value; }
    public WebSocket Socket => _socket;
    public CancellationToken Closing => _closing.Token;
    public bool WasDropped => Volatile.Read(ref _dropped) != 0;

    /// <summary>Completes when the connection's handler has finished (closed, dropped or the peer went away).</summary>
    public Task Finished => _finished.Task;

    public void MarkFinished() => _finished.TrySetResult();

    public bool TryEnqueue(byte[] frame) => _outbox.Writer.TryWrite(frame);

    /// <summary>
    /// Replays: waits (blocking the sink thread, never the ring directly) up to <paramref name="timeout"/> for room.
    /// False when the client stayed full that long, or went away.
    /// </summary>
    public bool EnqueueWaiting(byte[] frame, TimeSpan timeout)
    {
        if (_outbox.Writer.TryWrite(frame)) return true;
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!WasDropped)
        {
            long left = deadline - Environment.TickCount64;
            if (left <= 0) return false;
            try
            {
                var room = _outbox.Writer.WaitToWriteAsync(_closing.Token).AsTask();
                if (!room.Wait((int)Math.Min(left, int.MaxValue)) || !room.Result) return false;
            }
            catch (Exception ex) when (ex is AggregateException or OperationCanceledException or ObjectDisposedException)
            {
                return false;
            }
            if (_outbox.Writer.TryWrite(frame)) return true;
        }
        return false;
    }

    /// <summary>
    /// Server stopping: no more frames; the send loop sends what is queued, then a normal close (1000), so a client
    /// sees every signal of the run before its close event.
    /// </summary>
    public void Complete() => _outbox.Writer.TryComplete();

    /// <summary>Drops the client: stops its loops and aborts the socket. Safe from any thread, more than once.</summary>
    public bool Drop()
    {
        if (Interlocked.Exchange(ref _dropped, 1) != 0) return false;
        Close();
        return true;
    }

    /// <summary>Stops sending: the send loop ends and a pending send or receive is cancelled (which aborts the socket).</summary>
    public void Close()
    {
        _outbox.Writer.TryComplete();
        try { _closing.Cancel(); } catch (ObjectDisposedException) { }
    }

    public async Task SendLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync(_closing.Token).ConfigureAwait(false))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _closing.Token).ConfigureAwait(false);
                _sent?.Invoke();
            }
            // The outbox was completed (server stopping) and everything in it is sent: say goodbye properly.
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "server stopping", _closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Dropped, closed or the peer went away: the connection handler cleans up.
        }
    }

    public void Dispose() => _closing.Dispose();
}
