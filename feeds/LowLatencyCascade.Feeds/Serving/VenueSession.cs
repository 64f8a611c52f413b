using System.Diagnostics;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using LowLatencyCascade.Engine.Events;
using Microsoft.AspNetCore.Http;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// One accepted client of <see cref="VenueWebSocketServer"/>: what it subscribed to, its send queue (one sender
/// task writes the socket, so played frames and control answers never interleave mid-message), and a
/// receive task that answers its subscribes and pings as the venue would.
/// </summary>
internal sealed class VenueSession
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    private readonly VenueWebSocketServer _server;
    private readonly HttpContext _context;
    private readonly Channel<OutboundFrame> _outbox;
    private readonly object _topicsLock = new();
    private volatile SubscriptionTopic[] _topics = [];
    private volatile bool _subscribed;
    private long _lastHeardAt;
    private long _framesSent;

    public VenueSession(VenueWebSocketServer server, HttpContext context, WebSocket socket, Exchange exchange, int id, string connId, int queueFrames)
    {
        _server = server;
        _context = context;
        Socket = socket;
        Exchange = exchange;
        Id = id;
        ConnId = connId;
        _lastHeardAt = Stopwatch.GetTimestamp();
        _outbox = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(queueFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Id { get; }
    public Exchange Exchange { get; }
    public string ConnId { get; }
    public WebSocket Socket { get; }

    /// <summary>Binance: the route this client connected to; null on a retired unrouted path (it gets nothing).</summary>
    public Binance.BinanceRoute? BinanceRoute { get; init; }

    /// <summary>Binance <c>ws</c> mode (<c>/market/ws/...</c>): frames go out unwrapped, without <c>{"stream":..,"data":..}</c>.</summary>
    public bool RawMode { get; init; }
    public bool IsSubscribed => _subscribed;
    public long FramesSent => Interlocked.Read(ref _framesSent);
    public IReadOnlyList<string> Topics => _topics.Select(t => t.Text).ToArray();

    /// <summary>
    /// Adds topics. On Binance a stream of the other route is ignored (Binance sends it nothing) and a client on a
    /// retired unrouted path subscribes to nothing at all.
    /// </summary>
    public void Subscribe(IEnumerable<SubscriptionTopic> topics)
    {
        if (Exchange == Exchange.Binance)
        {
            if (BinanceRoute is not { } route) return;
            topics = topics.Where(t => Binance.BinanceRoutes.Of(t.Text) == route).ToArray();
        }
        lock (_topicsLock) _topics = [.. _topics, .. topics];
        _subscribed = true;
    }

    /// <summary>Whether a played frame goes to this client: only once subscribed, and only its streams when the frame names one.</summary>
    public bool Wants(ReadOnlySpan<byte> frame, in FrameRoute route)
    {
        if (!_subscribed) return false;
        if (!route.Identified) return true;
        foreach (var topic in _topics)
            if (topic.Matches(frame, route)) return true;
        return false;
    }

    /// <summary>Queues a frame, waiting while the client's queue is full; false when the client is gone.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // waits per frame when the client is the bottleneck
    public async ValueTask<bool> EnqueueAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await _outbox.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Queues a control answer without waiting (the receive task must not block on a full queue); false when it could not.</summary>
    public bool TryEnqueueControl(byte[] message) =>
        _outbox.Writer.TryWrite(new OutboundFrame(message, WebSocketMessageType.Text, OutboundKind.Control));

    /// <summary>Whether this subscribe is to be refused (a fault the server was asked to inject once on this venue).</summary>
    public bool TakeSubscribeFailure() => _server.TakeSubscribeFailure(Exchange);

    public TimeSpan SinceHeard => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastHeardAt));

    public void RequestClose() => _outbox.Writer.TryWrite(new OutboundFrame(default, WebSocketMessageType.Close, OutboundKind.Close));

    /// <summary>Drops the TCP connection without a close handshake, like a network failure.</summary>
    public void Drop()
    {
        _gone = true;
        _context.Abort();
    }

    /// <summary>
    /// The client is gone (dropped, or its receive side ended) although the session may still be draining its sender
    /// for up to a second: such a session is no longer a connected client (not counted in subscriptions, not a drop target).
    /// </summary>
    public bool IsGone => _gone;

    private volatile bool _gone;

    public async Task RunAsync(CancellationToken serverStopping)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(serverStopping);
        var sender = SendLoopAsync(ended.Token);
        try
        {
            await ReceiveLoopAsync(ended.Token).ConfigureAwait(false);
        }
        finally
        {
            _gone = true;
            // Let the sender drain what is queued (answers, then the close) unless the client is gone for good.
            _outbox.Writer.TryComplete();
            await Task.WhenAny(sender, Task.Delay(CloseGrace, CancellationToken.None)).ConfigureAwait(false);
            ended.Cancel();
            await sender.ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[_server.Options.MaxClientMessageBytes];
        try
        {
            while (true)
            {
                int length = 0;
                ValueWebSocketReceiveResult received;
                do
                {
                    if (length == buffer.Length) return; // a client message this big is not a subscription: hang up
                    received = await Socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    length += received.Count;
                } while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    // Answered by the sender after what is already queued: one writer per socket.
                    RequestClose();
                    return;
                }
                Volatile.Write(ref _lastHeardAt, Stopwatch.GetTimestamp());
                _server.OnClientMessage(this, buffer.AsSpan(0, length));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Dropped by a test control, by the client, or the server is stopping.
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reader = _outbox.Reader;
            // No token on the wait: the channel reuses its single waiter only for uncancellable waits, and the
            // loop ends anyway when the session completes the queue.
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    if (item.Kind == OutboundKind.Close)
                    {
                        if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                            await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                        return;
                    }
                    if (_server.StalledUntil(Exchange) is var until && until > Stopwatch.GetTimestamp())
                        await Task.Delay(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), until), cancellationToken).ConfigureAwait(false);
                    if (_server.Silent || (item.Kind == OutboundKind.Data && _server.IsMuted(Exchange, item.Bytes.Span)))
                    {
                        _server.OnWithheld();
                        continue;
                    }
                    int fragments = item.Kind == OutboundKind.Data ? _server.TakeFragmentRequest() : 1;
                    await SendAsync(item, fragments, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _framesSent);
                    _server.OnSent(item.Kind);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The client is gone; the receive task ends the session.
        }
    }

    private async ValueTask SendAsync(OutboundFrame item, int fragments, CancellationToken cancellationToken)
    {
        var bytes = item.Bytes;
        if (fragments <= 1 || bytes.Length < 2)
        {
            await Socket.SendAsync(bytes, item.Type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            return;
        }
        fragments = Math.Min(fragments, bytes.Length);
        int size = bytes.Length / fragments;
        for (int i = 0; i < fragments; i++)
        {
            bool last = i == fragments - 1;
            var piece = last ? bytes[(i * size)..] : bytes.Slice(i * size, size);
            await Socket.SendAsync(piece, item.Type, endOfMessage: last, cancellationToken).ConfigureAwait(false);
        }
    }
}
