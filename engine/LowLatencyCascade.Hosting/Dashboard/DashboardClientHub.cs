using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace LowLatencyCascade.Hosting.Dashboard;

/// <summary>
/// The connected dashboard WebSocket clients. Admission is capped; each client has its own send loop and
/// a one-slot queue holding only the newest snapshot, so a slow browser sees fewer updates and never
/// delays another. A client that takes no snapshot within the slow-client timeout is dropped.
/// </summary>
internal sealed class DashboardClientHub(int maxClients, TimeSpan slowClientTimeout)
{
    private readonly ConcurrentDictionary<Client, byte> _clients = new();
    private int _admitted;
    private long _dropped;

    /// <summary>Clients admitted and not yet gone.</summary>
    public int Count => Volatile.Read(ref _admitted);

    public long DroppedSlowClients => Interlocked.Read(ref _dropped);

    /// <summary>Raised (on the dropped client's send loop) after a slow client has been dropped.</summary>
    public event Action? ClientDropped;

    /// <summary>Reserves a place for one client; false when <c>maxClients</c> are connected. Pair with <see cref="Release"/>.</summary>
    public bool TryAdmit()
    {
        while (true)
        {
            int current = Volatile.Read(ref _admitted);
            if (current >= maxClients) return false;
            if (Interlocked.CompareExchange(ref _admitted, current + 1, current) == current) return true;
        }
    }

    public void Release() => Interlocked.Decrement(ref _admitted);

    /// <summary>Offers a frame to every client, replacing any older frame a client has not taken yet.</summary>
    public void Broadcast(ReadOnlyMemory<byte> frame)
    {
        foreach (var client in _clients.Keys) client.Offer(frame);
    }

    /// <summary>Serves one admitted client until it closes, is dropped, or <paramref name="stopping"/> fires.</summary>
    public async Task RunClientAsync(HttpContext context, WebSocket socket, ReadOnlyMemory<byte> firstFrame, CancellationToken stopping)
    {
        var client = new Client(context, socket, stopping);
        client.Offer(firstFrame);
        _clients.TryAdd(client, 0);
        try
        {
            var receiving = client.ReceiveUntilCloseAsync();
            bool tooSlow = await client.SendOfferedAsync(slowClientTimeout);
            await receiving;
            if (tooSlow)
            {
                Interlocked.Increment(ref _dropped);
                ClientDropped?.Invoke();
            }
        }
        finally
        {
            _clients.TryRemove(client, out _);
            await client.CloseAsync();
        }
    }

    private sealed class Client
    {
        private readonly HttpContext _context;
        private readonly WebSocket _socket;
        private readonly Channel<ReadOnlyMemory<byte>> _newest;
        private readonly CancellationTokenSource _done;

        public Client(HttpContext context, WebSocket socket, CancellationToken stopping)
        {
            _context = context;
            _socket = socket;
            // One slot, newest wins: a dashboard needs the current state, not every state in between.
            _newest = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(1)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
            });
            _done = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        }

        public void Offer(ReadOnlyMemory<byte> frame) => _newest.Writer.TryWrite(frame);

        /// <summary>Sends offered frames until the connection ends; true when it ended because a send timed out.</summary>
        public async Task<bool> SendOfferedAsync(TimeSpan sendTimeout)
        {
            // A send to a peer that stopped reading blocks once the socket buffers are full and need not
            // honour cancellation, so the deadline is kept by waiting on the send, not by cancelling it.
            Task sending = Task.CompletedTask;
            try
            {
                await foreach (var frame in _newest.Reader.ReadAllAsync(_done.Token))
                {
                    sending = _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).AsTask();
                    await sending.WaitAsync(sendTimeout, _done.Token);
                }
                return false;
            }
            catch (TimeoutException)
            {
                // The peer has not taken one frame in the allowed time: drop it rather than buffer for it.
                return true;
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // The client went away or the server is stopping: nothing more to send.
                return false;
            }
            finally
            {
                _newest.Writer.TryComplete();
                await _done.CancelAsync();
                if (!sending.IsCompleted)
                {
                    _socket.Abort();
                    _context.Abort();
                    _ = sending.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                }
            }
        }

        public async Task ReceiveUntilCloseAsync()
        {
            // The page sends nothing; reading is how a close (or a vanished peer) is noticed.
            var buffer = new byte[1024];
            try
            {
                while (true)
                {
                    var result = await _socket.ReceiveAsync(buffer.AsMemory(), _done.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // Let the send loop finish its current frame, then answer the close handshake.
                        _newest.Writer.TryComplete();
                        return;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // The connection is over either way.
                await _done.CancelAsync();
            }
        }

        public async Task CloseAsync()
        {
            _done.Dispose();
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
                {
                    // A peer that does not take the close frame in time is simply left.
                }
            }
        }
    }
}
