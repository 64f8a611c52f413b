using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace LowLatencyCascade.Cli.Dashboard;

/// <summary>
/// The connected dashboard WebSocket clients. Admission is capped; each client has its own small queue of
/// serialized snapshots and its own send loop, so one slow browser never delays another. A client whose
/// queue is full when the next snapshot arrives cannot keep up and is dropped.
/// </summary>
internal sealed class DashboardClientHub(int maxClients, int maxPendingPushes)
{
    private readonly ConcurrentDictionary<Client, byte> _clients = new();
    private int _admitted;
    private long _dropped;

    /// <summary>Clients admitted and not yet gone.</summary>
    public int Count => Volatile.Read(ref _admitted);

    public long DroppedSlowClients => Interlocked.Read(ref _dropped);

    /// <summary>Raised (on the broadcasting thread) after a slow client has been dropped.</summary>
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

    /// <summary>Queues a frame for every client; drops the clients that still hold <c>maxPendingPushes</c> unsent.</summary>
    public void Broadcast(ReadOnlyMemory<byte> frame)
    {
        foreach (var client in _clients.Keys)
        {
            if (client.TryEnqueue(frame)) continue;
            if (client.Drop())
            {
                Interlocked.Increment(ref _dropped);
                ClientDropped?.Invoke();
            }
        }
    }

    /// <summary>Serves one admitted client until it closes, is dropped, or <paramref name="stopping"/> fires.</summary>
    public async Task RunClientAsync(HttpContext context, WebSocket socket, ReadOnlyMemory<byte> firstFrame, CancellationToken stopping)
    {
        var client = new Client(context, socket, maxPendingPushes, stopping);
        _clients.TryAdd(client, 0);
        client.TryEnqueue(firstFrame);
        try
        {
            var receiving = client.ReceiveUntilCloseAsync();
            await client.SendQueuedAsync();
            await receiving;
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
        private readonly Channel<ReadOnlyMemory<byte>> _queue;
        private readonly CancellationTokenSource _done;
        private readonly Lock _gate = new();
        private bool _finished;

        public Client(HttpContext context, WebSocket socket, int capacity, CancellationToken stopping)
        {
            _context = context;
            _socket = socket;
            // Wait mode makes TryWrite report a full queue instead of silently discarding a frame.
            _queue = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = false,
            });
            _done = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        }

        public bool TryEnqueue(ReadOnlyMemory<byte> frame) => _queue.Writer.TryWrite(frame);

        public async Task SendQueuedAsync()
        {
            try
            {
                await foreach (var frame in _queue.Reader.ReadAllAsync(_done.Token))
                {
                    await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, _done.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // The client went away, was dropped, or the server is stopping: nothing more to send.
            }
            finally
            {
                Finish();
            }
        }

        public async Task ReceiveUntilCloseAsync()
        {
            // The page sends nothing; reading is how a close (or a vanished peer) is noticed.
            var buffer = new byte[1024];
            try
            {
                while (!_done.IsCancellationRequested)
                {
                    var result = await _socket.ReceiveAsync(buffer.AsMemory(), _done.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // Let the send loop finish its current frame, then answer the close handshake.
                        _queue.Writer.TryComplete();
                        return;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // Same as above: the connection is over either way.
            }
            Finish();
        }

        /// <summary>Tears the connection down at once; true the first time, false when it was already over.</summary>
        public bool Drop()
        {
            lock (_gate)
            {
                if (_finished) return false;
                _finished = true;
                _queue.Writer.TryComplete();
                _done.Cancel();
            }
            _socket.Abort();
            _context.Abort();
            return true;
        }

        public async Task CloseAsync()
        {
            lock (_gate)
            {
                _finished = true;
                _done.Dispose();
            }
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

        private void Finish()
        {
            lock (_gate)
            {
                if (_finished) return;
                _finished = true;
                _queue.Writer.TryComplete();
                _done.Cancel();
            }
        }
    }
}
