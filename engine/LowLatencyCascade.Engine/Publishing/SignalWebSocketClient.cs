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
    private volatile SignalSubscription _subscription = SignalSubscription.Nothing;
    private int _dropped;

    public SignalWebSocketClient(WebSocket socket, int queueCapacity)
    {
        _socket = socket;
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

    public bool TryEnqueue(byte[] frame) => _outbox.Writer.TryWrite(frame);

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
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Dropped, closed or the peer went away: the connection handler cleans up.
        }
    }

    public void Dispose() => _closing.Dispose();
}
