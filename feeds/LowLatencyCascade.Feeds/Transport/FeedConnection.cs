using LowLatencyCascade.Engine.Pipeline;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Unicode;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyCascade.Feeds.Transport;

/// <summary>
/// One exchange WebSocket connection that stays up: connect timeout, reconnect with exponential backoff and
/// jitter, resubscribe after every (re)connect, the venue's keep-alive, a silence watchdog, a proactive
/// reconnect before the venue's lifetime limit, and a maximum message size.
/// <para>
/// Messages are received into one reusable buffer (it grows, at most to <see cref="FeedConnectionOptions.MaxFrameBytes"/>,
/// only when a bigger message than ever before arrives), reassembled across fragments, handed to the
/// <see cref="FrameObserver"/> and decoded straight into the sink: nothing is allocated per frame.
/// Every frame ends counted in <see cref="Tally"/>; every lost connection publishes one
/// <see cref="EventKind.Gap"/> slot so downstream knows its windows may have a hole.
/// </para>
/// Events are raised on the connection's receive task: keep handlers short.
/// </summary>
public sealed class FeedConnection : IAsyncDisposable
{
    private const int InitialBufferBytes = 16 * 1024;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private readonly FeedConnectionOptions _options;
    private readonly IVenueProtocol _protocol;
    private readonly IFrameDecoder _decoder;
    private readonly HealthRecordingSink _sink;
    private readonly FrameProducer _producer;
    private readonly ReconnectBackoff _backoff;
    private readonly ILogger _logger;
    private readonly Uri _connectUri;
    private readonly byte[][] _subscribeMessages;
    private readonly byte[]? _pingMessage;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TimeSpan _staleAfter;   // zero: the steady-stream watchdog is off for this connection
    private byte[] _buffer;

    private CancellationTokenSource? _runCts;
    private Task? _runTask;
    private volatile ClientWebSocket? _socket;
    private volatile bool _stopping;
    private long _lastDataAt;          // Stopwatch timestamp of the last data frame
    private int _abortReason = -1;     // set by the watchdog before it aborts the socket
    private long _listenerFaults;
    private long _subscribeRefusals;
    private int _resubscribe;          // a refused subscribe seen on the receive loop; the watchdog re-makes the session

    public FeedConnection(
        FeedConnectionOptions options,
        IVenueProtocol protocol,
        IFrameDecoder decoder,
        IMarketEventSink sink,
        HealthThresholds? healthThresholds = null,
        ILogger? logger = null,
        Random? jitter = null)
    {
        options.ThrowIfInvalid();
        if (decoder.Exchange != protocol.Exchange)
            throw new ArgumentException($"decoder is for {decoder.Exchange} but the protocol is for {protocol.Exchange}", nameof(decoder));
        _options = options;
        _protocol = protocol;
        _decoder = decoder;
        _logger = logger ?? NullLogger.Instance;
        _staleAfter = protocol.HasSteadyStreams(options.Subscription) ? options.StaleStreamTimeout : TimeSpan.Zero;
        Health = new ConnectionHealth(options.ConnectionId, options.Name,
            (healthThresholds ?? new HealthThresholds()) with { SilenceThreshold = options.SilenceTimeout, StaleStreamThreshold = _staleAfter });
        _sink = new HealthRecordingSink(sink, Health);
        _producer = new FrameProducer(_sink);
        _backoff = new ReconnectBackoff(options.ReconnectMin, options.ReconnectMax, jitter);
        _connectUri = protocol.BuildConnectUri(options.Endpoint, options.Subscription);
        _subscribeMessages = protocol.SubscribeMessages(options.Subscription).Select(Encoding.UTF8.GetBytes).ToArray();
        _pingMessage = protocol.PingMessage is { } ping ? Encoding.UTF8.GetBytes(ping) : null;
        _buffer = new byte[Math.Min(InitialBufferBytes, options.MaxFrameBytes)];
    }

    /// <summary>The socket is open and subscribed.</summary>
    public event Action<FeedConnection>? Connected;

    /// <summary>An attempt or a session ended: after a connect failure too (reason <see cref="DisconnectReason.ConnectFailed"/>).</summary>
    public event Action<FeedConnection, DisconnectReason, string?>? Disconnected;

    /// <summary>About to wait <c>delay</c> before reconnect attempt number <c>attempt</c> (1 after a healthy period).</summary>
    public event Action<FeedConnection, int, TimeSpan>? Reconnecting;

    /// <summary>Sees every received frame before decoding (the capture writer). Set before <see cref="StartAsync"/>.</summary>
    public IFrameObserver? FrameObserver { get; set; }

    public FeedConnectionOptions Options => _options;
    public Exchange Exchange => _protocol.Exchange;
    public int ConnectionId => _options.ConnectionId;
    public string Name => _options.Name;
    public FrameTally Tally => _producer.Tally;
    public ConnectionHealth Health { get; }
    public bool IsConnected => _socket?.State == WebSocketState.Open;

    /// <summary>Exceptions thrown by event handlers or the frame observer (caught: a listener's bug must not stop the feed).</summary>
    public long ListenerFaults => Interlocked.Read(ref _listenerFaults);
    /// <summary>Subscribe requests the venue refused (each re-made the session, <see cref="DisconnectReason.SubscribeRefused"/>).</summary>
    public long SubscribeRefusals => Interlocked.Read(ref _subscribeRefusals);

    /// <summary>
    /// Starts connecting in the background and returns at once; <see cref="Connected"/> tells when data flows.
    /// Cancelling <paramref name="cancellationToken"/> stops the connection without a close handshake.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_runTask is not null) throw new InvalidOperationException($"feed connection '{Name}' was already started");
        _runCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _runCts.Token;
        _runTask = Task.Run(() => RunAsync(token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Closes the socket gracefully (close handshake, bounded by a short grace period) and stops reconnecting.</summary>
    public async Task StopAsync()
    {
        if (_runTask is null || _runCts is null) return;
        _stopping = true;
        var socket = _socket;
        if (socket is { State: WebSocketState.Open })
        {
            try
            {
                using var grace = new CancellationTokenSource(StopGrace);
                await _sendLock.WaitAsync(grace.Token).ConfigureAwait(false);
                try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client stopping", grace.Token).ConfigureAwait(false); }
                finally { _sendLock.Release(); }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The socket was already failing: cancelling below ends the session anyway.
            }
            // The receive loop ends when the venue answers our close; do not wait for a venue that does not.
            await Task.WhenAny(_runTask, Task.Delay(StopGrace)).ConfigureAwait(false);
        }
        _runCts.Cancel();
        await _runTask.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _runCts?.Dispose();
        _sendLock.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        bool firstAttempt = true;
        while (!stop.IsCancellationRequested && !_stopping)
        {
            if (!firstAttempt)
            {
                var delay = _backoff.NextDelay();
                Health.OnReconnectAttempt();
                _logger.LogInformation("{Name}: reconnect attempt {Attempt} in {Delay} ms", Name, _backoff.Attempt, (int)delay.TotalMilliseconds);
                RaiseReconnecting(_backoff.Attempt, delay);
                try { await Task.Delay(delay, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
            firstAttempt = false;
            using var socket = new ClientWebSocket();
            await RunSessionAsync(socket, stop).ConfigureAwait(false);
        }
    }

    private async Task RunSessionAsync(ClientWebSocket socket, CancellationToken stop)
    {
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(_connectUri, connectTimeout.Token).ConfigureAwait(false);
            foreach (var message in _subscribeMessages) await SendAsync(socket, message, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException or IOException)
        {
            if (stop.IsCancellationRequested) return;
            string detail = ex is OperationCanceledException ? $"no handshake within {_options.ConnectTimeout.TotalMilliseconds} ms" : ex.Message;
            _logger.LogWarning("{Name}: connect to {Uri} failed: {Detail}", Name, _connectUri, detail);
            RaiseDisconnected(DisconnectReason.ConnectFailed, detail);
            return;
        }

        long connectedAt = Stopwatch.GetTimestamp();
        Volatile.Write(ref _lastDataAt, connectedAt);
        Volatile.Write(ref _abortReason, -1);
        Volatile.Write(ref _resubscribe, 0);
        _socket = socket;
        Health.OnConnected(connectedAt);
        _logger.LogInformation("{Name}: connected to {Uri}", Name, _connectUri);
        RaiseConnected();

        (DisconnectReason reason, string? detail) outcome;
        using (var session = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            var watchdog = WatchdogAsync(socket, connectedAt, session.Token);
            outcome = await ReceiveLoopAsync(socket, stop).ConfigureAwait(false);
            session.Cancel();
            await watchdog.ConfigureAwait(false);
        }
        _socket = null;

        long now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(connectedAt, now) >= _options.HealthyResetAfter) _backoff.Reset();
        var context = new FrameContext(ConnectionId, UnixTicksNow(), now);
        // A stop we asked for ends the stream; it opens no hole in it that downstream windows should know about.
        if (_options.PublishGaps && outcome.reason != DisconnectReason.Stopped) _producer.Gap(Exchange, context);
        try { FrameObserver?.OnDisconnect(context, outcome.reason); }
        catch (Exception) { Interlocked.Increment(ref _listenerFaults); }
        Health.OnDisconnected(now);
        _logger.LogWarning("{Name}: disconnected ({Reason}): {Detail}", Name, outcome.reason, outcome.detail);
        RaiseDisconnected(outcome.reason, outcome.detail);
    }

    /// <summary>The hot loop: receive, reassemble, observe, decode. No allocation per frame.</summary>
    private async Task<(DisconnectReason, string?)> ReceiveLoopAsync(ClientWebSocket socket, CancellationToken stop)
    {
        int max = _options.MaxFrameBytes;
        int written = 0;        // bytes of the current message in the buffer (restarts at 0 while draining an oversized one)
        long messageBytes = 0;  // bytes of the current message in total
        try
        {
            while (true)
            {
                if (written == _buffer.Length)
                {
                    if (_buffer.Length < max) Array.Resize(ref _buffer, (int)Math.Min(max, _buffer.Length * 2L));
                    else written = 0; // oversized: drain the rest over the buffer; the message will be rejected
                }
                var received = await socket.ReceiveAsync(_buffer.AsMemory(written), stop).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    var reason = _stopping ? DisconnectReason.Stopped : DisconnectReason.ServerClosed;
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        using var grace = new CancellationTokenSource(StopGrace);
                        try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, grace.Token).ConfigureAwait(false); }
                        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
                    }
                    return (reason, $"{socket.CloseStatus} {socket.CloseStatusDescription}".Trim());
                }
                written += received.Count;
                messageBytes += received.Count;
                if (!received.EndOfMessage) continue;

                long ingress = Stopwatch.GetTimestamp();
                var context = new FrameContext(ConnectionId, UnixTicksNow(), ingress);
                if (messageBytes > max) OnOversized(context, messageBytes);
                else OnFrame(_buffer.AsSpan(0, (int)messageBytes), received.MessageType, context);
                written = 0;
                messageBytes = 0;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            int aborted = Volatile.Read(ref _abortReason);
            if (aborted >= 0) return ((DisconnectReason)aborted, WatchdogDetail((DisconnectReason)aborted));
            return (stop.IsCancellationRequested || _stopping ? DisconnectReason.Stopped : DisconnectReason.Error, ex.Message);
        }
    }

    private void OnFrame(ReadOnlySpan<byte> frame, WebSocketMessageType type, in FrameContext context)
    {
        var observer = FrameObserver;
        if (observer is not null)
        {
            try { observer.OnFrame(frame, context); }
            catch (Exception) { Interlocked.Increment(ref _listenerFaults); }
        }

        if (type == WebSocketMessageType.Binary && !Utf8.IsValid(frame))
        {
            // No venue sends binary market data on these streams: a binary frame that is not text is unknown.
            MarkData(context);
            _producer.Reject(Exchange, context, RejectReason.UnknownMessage, frame.Length);
            return;
        }
        if (_protocol.IsPong(frame))
        {
            _producer.Pong(frame.Length);
            return;
        }

        MarkData(context);
        _sink.FrameReceiveTicks = context.ReceiveTimeTicks;
        _sink.FrameIngressTimestamp = context.IngressTimestamp;
        FrameResult result;
        try
        {
            result = _producer.Decode(_decoder, frame, context);
        }
        catch (Exception ex)
        {
            // A decoder bug must cost one frame, not the feed. Its staged slot was never committed, so the ring has no hole.
            _logger.LogError(ex, "{Name}: decoder threw on a {Length}-byte frame", Name, frame.Length);
            _producer.Reject(Exchange, context, RejectReason.UnknownMessage, frame.Length);
            result = FrameResult.Rejected(RejectReason.UnknownMessage);
        }
        if (result.Outcome == FrameOutcome.Control && _protocol.IsSubscribeRefusal(frame))
        {
            Interlocked.Increment(ref _subscribeRefusals);
            Volatile.Write(ref _resubscribe, 1);
        }
    }

    private void OnOversized(in FrameContext context, long length)
    {
        MarkData(context);
        _producer.Reject(Exchange, context, RejectReason.Oversized, length);
    }

    private void MarkData(in FrameContext context)
    {
        Volatile.Write(ref _lastDataAt, context.IngressTimestamp);
        Health.OnMessage(context.IngressTimestamp);
    }

    /// <summary>Keep-alive pings, the silence watchdog and the lifetime limit, on a timer beside the receive loop.</summary>
    private async Task WatchdogAsync(ClientWebSocket socket, long connectedAt, CancellationToken session)
    {
        var silence = _options.SilenceTimeout;
        var stale = _staleAfter;
        var pingInterval = _pingMessage is null ? TimeSpan.MaxValue : _protocol.PingInterval;
        // Retire before the venue's limit, by 5 % of it (at most 10 minutes), so the drop is ours and planned.
        TimeSpan? retireAfter = _protocol.MaxConnectionLifetime is { } life
            ? life - TimeSpan.FromTicks(Math.Min(life.Ticks / 20, TimeSpan.FromMinutes(10).Ticks))
            : null;
        long watched = stale > TimeSpan.Zero ? Math.Min(silence.Ticks, stale.Ticks) : silence.Ticks;
        var tick = TimeSpan.FromTicks(Math.Clamp(Math.Min(watched, pingInterval.Ticks) / 4,
            TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromSeconds(1).Ticks));
        long nextPing = connectedAt + (long)(Math.Min(pingInterval.TotalSeconds, 1e9) * Stopwatch.Frequency);

        using var timer = new PeriodicTimer(tick);
        using var stop = timer.StopWhen(session);
        try
        {
            while (await timer.WaitForNextTickAsync().ConfigureAwait(false) && !session.IsCancellationRequested)
            {
                long now = Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastDataAt), now) > silence)
                {
                    Abort(socket, DisconnectReason.Silence);
                    return;
                }
                if (stale > TimeSpan.Zero && Health.Evaluate(now) is (HealthStatus.Red, HealthCause.StreamsStale))
                {
                    Health.OnStaleReset();
                    Abort(socket, DisconnectReason.StreamsStale);
                    return;
                }
                if (Interlocked.Exchange(ref _resubscribe, 0) == 1)
                {
                    Abort(socket, DisconnectReason.SubscribeRefused);
                    return;
                }
                if (retireAfter is { } retire && Stopwatch.GetElapsedTime(connectedAt, now) > retire)
                {
                    Abort(socket, DisconnectReason.LifetimeExpired);
                    return;
                }
                if (_pingMessage is not null && now >= nextPing)
                {
                    nextPing = now + (long)(pingInterval.TotalSeconds * Stopwatch.Frequency);
                    await SendAsync(socket, _pingMessage, session).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The session is ending (or the ping could not be sent, which the receive loop sees as well).
        }
    }

    private void Abort(ClientWebSocket socket, DisconnectReason reason)
    {
        Volatile.Write(ref _abortReason, (int)reason);
        socket.Abort();
    }

    private string WatchdogDetail(DisconnectReason reason) => reason switch
    {
        DisconnectReason.Silence => $"no data for {_options.SilenceTimeout.TotalMilliseconds} ms",
        DisconnectReason.StreamsStale => $"socket open but no market event on its steady streams for {_staleAfter.TotalMilliseconds} ms",
        DisconnectReason.SubscribeRefused => "the venue refused a subscribe request; re-made to subscribe again",
        DisconnectReason.LifetimeExpired => $"retired before the venue's {_protocol.MaxConnectionLifetime} connection lifetime",
        _ => reason.ToString(),
    };

    private async Task SendAsync(ClientWebSocket socket, byte[] message, CancellationToken token)
    {
        await _sendLock.WaitAsync(token).ConfigureAwait(false);
        try { await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, token).ConfigureAwait(false); }
        finally { _sendLock.Release(); }
    }

    private static long UnixTicksNow() => DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;

    private void RaiseConnected()
    {
        try { Connected?.Invoke(this); }
        catch (Exception) { Interlocked.Increment(ref _listenerFaults); }
    }

    private void RaiseDisconnected(DisconnectReason reason, string? detail)
    {
        try { Disconnected?.Invoke(this, reason, detail); }
        catch (Exception) { Interlocked.Increment(ref _listenerFaults); }
    }

    private void RaiseReconnecting(int attempt, TimeSpan delay)
    {
        try { Reconnecting?.Invoke(this, attempt, delay); }
        catch (Exception) { Interlocked.Increment(ref _listenerFaults); }
    }
}
