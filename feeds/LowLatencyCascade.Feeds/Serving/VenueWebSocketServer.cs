using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using LowLatencyCascade.Engine.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// A local stand-in for the venues' public WebSocket servers (Kestrel on 127.0.0.1), speaking each venue's
/// server side: Binance routed as it is today (<c>/market/stream?streams=a/b</c>, <c>/market/ws/a/b</c>, and the
/// same under <c>/public</c>; book data only on <c>/public</c>, the rest only on <c>/market</c>; the retired
/// <c>/stream</c> and <c>/ws/...</c> complete the handshake and then send nothing; WebSocket pings from the
/// server), Bybit at <c>/v5/public/linear</c>, OKX at <c>/ws/v5/public</c> (see <see cref="VenueControlResponder"/>).
/// It plays frames from an <see cref="IVenueFrameSource"/> to the clients of the frame's venue that subscribed
/// to the frame's stream, as fast as possible or at N× the recorded pace. <c>cascade serve</c> plays a capture
/// through it; the transport tests use its controls (drop everyone, go silent, fragment, inject, client limit).
/// </summary>
public sealed class VenueWebSocketServer : IAsyncDisposable
{
    /// <summary>Binance's retired unrouted paths: handshake, then silence (as the venue behaves since 2026-04-23).</summary>
    public const string BinanceRetiredCombinedPath = "/stream";
    public const string BinanceRetiredRawPathPrefix = "/ws";
    public const string BybitPath = "/v5/public/linear";
    public const string OkxPath = "/ws/v5/public";

    private readonly ServerCondition _condition = new();
    private readonly object _sessionsLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<(Exchange Exchange, string Message)> _clientMessages = new();
    private readonly long[] _subscribes = new long[ExchangeInfo.Count];
    private readonly long[] _pings = new long[ExchangeInfo.Count];
    private readonly int[] _refuseVenue = new int[ExchangeInfo.Count];
    private readonly int[] _failSubscribes = new int[ExchangeInfo.Count];
    private readonly long[] _stalledUntil = new long[ExchangeInfo.Count];
    private readonly Mute?[] _mutes = new Mute?[ExchangeInfo.Count];

    private sealed record Mute(byte[] Marker, long Until);
    private volatile VenueSession[] _sessions = [];
    private WebApplication? _app;
    private int _nextSessionId;
    private int _clients;
    private int _fragmentNext;
    private long _accepted;
    private long _refused;
    private long _dataSent;
    private long _controlSent;
    private long _withheld;
    private long _binanceRetired;

    public VenueWebSocketServer(VenueServerOptions? options = null)
    {
        Options = options ?? new VenueServerOptions();
    }

    public VenueServerOptions Options { get; }

    /// <summary>The bound port (after <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>While true, nothing is sent to any client (frames are withheld and counted), sockets stay open.</summary>
    public bool Silent { get; set; }

    public long ConnectionsAccepted => Interlocked.Read(ref _accepted);
    public long ConnectionsRefused => Interlocked.Read(ref _refused);
    public int ConnectedClients => _sessions.Length;
    public long DataFramesSent => Interlocked.Read(ref _dataSent);
    public long ControlFramesSent => Interlocked.Read(ref _controlSent);
    /// <summary>Every frame written to any client: data and control answers.</summary>
    public long FramesSent => DataFramesSent + ControlFramesSent;
    public long FramesWithheld => Interlocked.Read(ref _withheld);
    public long SubscribeRequests(Exchange exchange) => Interlocked.Read(ref _subscribes[(int)exchange]);
    public long PingsReceived(Exchange exchange) => Interlocked.Read(ref _pings[(int)exchange]);

    /// <summary>Client messages received, in order (subscriptions, pings), for checks and logs.</summary>
    public IReadOnlyList<string> ClientMessages(Exchange exchange) =>
        _clientMessages.Where(m => m.Exchange == exchange).Select(m => m.Message).ToArray();

    /// <summary>The topics each connected client of the venue subscribed to.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Subscriptions(Exchange exchange) =>
        _sessions.Where(s => s.Exchange == exchange && !s.IsGone).Select(s => s.Topics).ToArray();

    /// <summary>The endpoint a client of the venue is configured with (Binance: the root; the protocol adds the route and <c>?streams=</c>).</summary>
    public Uri Endpoint(Exchange exchange) => new($"ws://127.0.0.1:{Port}" + exchange switch
    {
        Exchange.Binance => "",
        Exchange.Bybit => BybitPath,
        _ => OkxPath,
    });

    /// <summary>Binance clients connected on a retired unrouted path (they get nothing).</summary>
    public long BinanceRetiredPathConnections => Interlocked.Read(ref _binanceRetired);

    /// <summary>The Binance route each connected Binance client is on (null: a retired path).</summary>
    public IReadOnlyList<Binance.BinanceRoute?> BinanceRoutesConnected() =>
        _sessions.Where(s => s.Exchange == Exchange.Binance).Select(s => s.BinanceRoute).ToArray();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null) throw new InvalidOperationException("the venue server was already started");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Options.Port));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
        _app = app;
    }

    /// <summary>Plays the source's frames to the subscribed clients of each frame's venue. <paramref name="speed"/>: 0 = as fast as the clients take them, N = N× the recorded pace.</summary>
    public async Task<PlaybackReport> PlayAsync(IVenueFrameSource source, double speed = 0, CancellationToken cancellationToken = default)
    {
        if (speed < 0 || double.IsNaN(speed)) throw new ArgumentOutOfRangeException(nameof(speed), speed, "speed is 0 (as fast as possible) or a positive multiple of real time");
        long frames = 0, deliveries = 0, undelivered = 0;
        long startedAt = Stopwatch.GetTimestamp();
        DateTime? firstLocalTime = null;
        await foreach (var frame in source.ReadFramesAsync(cancellationToken).ConfigureAwait(false))
        {
            frames++;
            if (frame.Frame.IsEmpty) { undelivered++; continue; }
            if (speed > 0)
            {
                firstLocalTime ??= frame.LocalTime;
                var due = (frame.LocalTime - firstLocalTime.Value) / speed;
                var wait = due - Stopwatch.GetElapsedTime(startedAt);
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
            int sent = await DeliverAsync(frame.Exchange, new OutboundFrame(frame.Frame, WebSocketMessageType.Text, OutboundKind.Data), cancellationToken).ConfigureAwait(false);
            deliveries += sent;
            if (sent == 0) undelivered++;
        }
        return new PlaybackReport(frames, deliveries, undelivered);
    }

    /// <summary>Sends one frame (malformed, oversized, binary: anything) to every subscribed client of the venue; returns how many it was queued to.</summary>
    public Task<int> InjectAsync(Exchange exchange, ReadOnlyMemory<byte> frame, WebSocketMessageType type = WebSocketMessageType.Text, CancellationToken cancellationToken = default) =>
        DeliverAsync(exchange, new OutboundFrame(frame, type, OutboundKind.Data), cancellationToken).AsTask();

    public Task<int> InjectAsync(Exchange exchange, string frame, CancellationToken cancellationToken = default) =>
        InjectAsync(exchange, Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, cancellationToken);

    /// <summary>The next data frame sent (to any client) goes out as this many WebSocket fragments.</summary>
    public void FragmentNextFrame(int fragments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fragments, 2);
        Volatile.Write(ref _fragmentNext, fragments);
    }

    /// <summary>Drops every client's TCP connection without a close handshake; returns how many.</summary>
    public int DropAllConnections()
    {
        var sessions = _sessions;
        foreach (var s in sessions) s.Drop();
        return sessions.Length;
    }

    /// <summary>Drops the venue's <paramref name="count"/> longest-connected clients still there (not one already gone) (one leg of a redundant pair, say); returns how many.</summary>
    public int DropConnections(Exchange exchange, int count)
    {
        var victims = _sessions.Where(s => s.Exchange == exchange && !s.IsGone).OrderBy(s => s.Id).Take(count).ToArray();
        foreach (var s in victims) s.Drop();
        return victims.Length;
    }

    /// <summary>
    /// While on, the venue's WebSocket handshakes are answered HTTP 503 (counted in <see cref="ConnectionsRefused"/>):
    /// with <see cref="DropConnections"/>, a venue that goes down and stays down until turned off again.
    /// </summary>
    /// <summary>The venue's next subscribe request (Bybit, OKX) is answered with the venue's error and subscribes nothing.</summary>
    public void FailNextSubscribe(Exchange exchange) => Interlocked.Increment(ref _failSubscribes[(int)exchange]);

    internal bool TakeSubscribeFailure(Exchange exchange)
    {
        ref int pending = ref _failSubscribes[(int)exchange];
        while (true)
        {
            int n = Volatile.Read(ref pending);
            if (n == 0) return false;
            if (Interlocked.CompareExchange(ref pending, n - 1, n) == n) return true;
        }
    }

    /// <summary>
    /// For <paramref name="duration"/>, the venue's data frames that contain <paramref name="marker"/> (a stream name
    /// such as <c>@markPrice</c> or <c>tickers</c>) are withheld (counted in <see cref="FramesWithheld"/>): one stream
    /// goes silent while the connection and the venue's other streams go on.
    /// </summary>
    public void MuteStream(Exchange exchange, string marker, TimeSpan duration)
    {
        var mute = new Mute(Encoding.UTF8.GetBytes(marker), Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        Volatile.Write(ref _mutes[(int)exchange], mute);
    }

    internal bool IsMuted(Exchange exchange, ReadOnlySpan<byte> frame)
    {
        var mute = Volatile.Read(ref _mutes[(int)exchange]);
        return mute is { } m && Stopwatch.GetTimestamp() < m.Until && frame.IndexOf(m.Marker) >= 0;
    }

    /// <summary>For <paramref name="duration"/> the venue's connections send nothing (their queues fill, the TCP stays open): a stalled server.</summary>
    public void Stall(Exchange exchange, TimeSpan duration) =>
        Volatile.Write(ref _stalledUntil[(int)exchange], Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));

    internal long StalledUntil(Exchange exchange) => Volatile.Read(ref _stalledUntil[(int)exchange]);

    public void RefuseConnections(Exchange exchange, bool refuse) => Volatile.Write(ref _refuseVenue[(int)exchange], refuse ? 1 : 0);

    /// <summary>Completes when <paramref name="condition"/> over the server's counters holds.</summary>
    public Task WaitUntilAsync(Func<VenueWebSocketServer, bool> condition, CancellationToken cancellationToken) =>
        _condition.WaitAsync(() => condition(this), cancellationToken);

    public async Task StopAsync()
    {
        if (_app is null) return;
        _stopping.Cancel();
        await _app.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal void OnClientMessage(VenueSession session, ReadOnlySpan<byte> message)
    {
        _clientMessages.Enqueue((session.Exchange, Encoding.UTF8.GetString(message)));
        switch (VenueControlResponder.Handle(session, message))
        {
            case VenueControlResponder.ClientAction.Subscribe: Interlocked.Increment(ref _subscribes[(int)session.Exchange]); break;
            case VenueControlResponder.ClientAction.Ping: Interlocked.Increment(ref _pings[(int)session.Exchange]); break;
        }
        _condition.Signal();
    }

    internal void OnSent(OutboundKind kind)
    {
        if (kind == OutboundKind.Data) Interlocked.Increment(ref _dataSent);
        else Interlocked.Increment(ref _controlSent);
        _condition.Signal();
    }

    internal void OnWithheld() => Interlocked.Increment(ref _withheld);

    internal int TakeFragmentRequest()
    {
        if (Volatile.Read(ref _fragmentNext) == 0) return 1;
        int n = Interlocked.Exchange(ref _fragmentNext, 0);
        return n == 0 ? 1 : n;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // suspends per frame when a client is the bottleneck
    private async ValueTask<int> DeliverAsync(Exchange exchange, OutboundFrame frame, CancellationToken cancellationToken)
    {
        var route = FrameRoute.Of(exchange, frame.Bytes.Span);
        int sent = 0;
        foreach (var session in _sessions)
        {
            if (session.Exchange != exchange || !session.Wants(frame.Bytes.Span, route)) continue;
            // Binance ws mode sends the payload without the combined-stream wrapper.
            var outbound = session.RawMode && route.Data.End.Value > 0 ? frame with { Bytes = frame.Bytes[route.Data] } : frame;
            if (await session.EnqueueAsync(outbound, cancellationToken).ConfigureAwait(false)) sent++;
        }
        return sent;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        Exchange exchange;
        SubscriptionTopic[]? streams = null;
        Binance.BinanceRoute? binanceRoute = null;
        bool rawMode = false;
        if (path == BybitPath) exchange = Exchange.Bybit;
        else if (path == OkxPath) exchange = Exchange.Okx;
        else if (BinancePath(path) is { } binance)
        {
            exchange = Exchange.Binance;
            (binanceRoute, rawMode, string? list) = binance;
            if (!rawMode && context.Request.Query["streams"].ToString() is { Length: > 0 } query) list = query;
            if (!string.IsNullOrEmpty(list)) streams = Streams(list);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        if (Volatile.Read(ref _refuseVenue[(int)exchange]) != 0)
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            _condition.Signal();
            return;
        }
        if (Interlocked.Increment(ref _clients) > Options.MaxClients)
        {
            Interlocked.Decrement(ref _clients);
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            _condition.Signal();
            return;
        }

        VenueSession? session = null;
        try
        {
            var accept = exchange == Exchange.Binance
                ? new WebSocketAcceptContext { KeepAliveInterval = Options.BinancePingInterval, KeepAliveTimeout = Options.BinancePongTimeout }
                : new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero };
            var socket = await context.WebSockets.AcceptWebSocketAsync(accept).ConfigureAwait(false);
            int id = Interlocked.Increment(ref _nextSessionId);
            session = new VenueSession(this, context, socket, exchange, id, NewConnId(exchange), Options.SendQueueFrames)
            {
                BinanceRoute = binanceRoute,
                RawMode = rawMode,
            };
            if (exchange == Exchange.Binance && binanceRoute is null) Interlocked.Increment(ref _binanceRetired);
            if (streams is not null) session.Subscribe(streams);
            lock (_sessionsLock) _sessions = [.. _sessions, session];
            Interlocked.Increment(ref _accepted);
            if (streams is not null) Interlocked.Increment(ref _subscribes[(int)exchange]);
            _condition.Signal();

            using var idle = exchange == Exchange.Okx ? CloseWhenIdle(session) : null;
            await session.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            if (session is not null)
                lock (_sessionsLock) _sessions = _sessions.Where(s => s != session).ToArray();
            Interlocked.Decrement(ref _clients);
            _condition.Signal();
        }
    }

    /// <summary>
    /// OKX's rule: a connection the server heard nothing from for the idle timeout is closed.
    /// <para>
    /// This stand-in shares its process (tests) or its machine (<c>cascade serve</c>) with the clients it judges. When a
    /// check runs late, the process was stalled for that long: the client's pings could not be sent, or sat unread in the
    /// socket, through no fault of the client's. That lateness is taken off the silence before it is held against the
    /// client (a real venue's clock does not stop with its client's). One check at a time: each schedules the next, so
    /// checks that queued up during a stall cannot run back to back before the receive loop has caught up.
    /// </para>
    /// </summary>
    private Timer CloseWhenIdle(VenueSession session)
    {
        var idle = Options.OkxIdleTimeout;
        var period = TimeSpan.FromTicks(Math.Max(idle.Ticks / 4, TimeSpan.FromMilliseconds(5).Ticks));
        long previousCheck = Stopwatch.GetTimestamp();
        Timer? timer = null;
        timer = new Timer(_ =>
        {
            long now = Stopwatch.GetTimestamp();
            var late = Stopwatch.GetElapsedTime(previousCheck, now) - period;
            previousCheck = now;
            if (session.SinceHeard - (late > TimeSpan.Zero ? late : TimeSpan.Zero) > idle)
            {
                session.RequestClose();
                return;
            }
            try { timer!.Change(period, Timeout.InfiniteTimeSpan); }
            catch (ObjectDisposedException) { } // the session ended
        }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(period, Timeout.InfiniteTimeSpan);
        return timer;
    }

    /// <summary>
    /// A Binance path: <c>/{market|public}/stream</c> (streams in the query), <c>/{market|public}/ws[/a/b]</c> (streams
    /// in the path, payloads unwrapped), or a retired <c>/stream</c> / <c>/ws[/...]</c> (route null). Null: not Binance's.
    /// </summary>
    private static (Binance.BinanceRoute? Route, bool Raw, string? Streams)? BinancePath(string path)
    {
        if (path == BinanceRetiredCombinedPath) return (null, false, null);
        if (path == BinanceRetiredRawPathPrefix || path.StartsWith(BinanceRetiredRawPathPrefix + "/", StringComparison.Ordinal))
            return (null, true, null);
        foreach (var route in Binance.BinanceRoutes.All)
        {
            string prefix = "/" + Binance.BinanceRoutes.Segment(route);
            if (path == prefix + "/stream") return (route, false, null);
            if (path == prefix + "/ws") return (route, true, null);
            if (path.StartsWith(prefix + "/ws/", StringComparison.Ordinal)) return (route, true, path[(prefix.Length + 4)..]);
        }
        return null;
    }

    private static SubscriptionTopic[] Streams(string list) =>
        list.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(SubscriptionTopic.Stream).ToArray();

    private static string NewConnId(Exchange exchange)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuv";
        Span<char> id = stackalloc char[exchange == Exchange.Okx ? 8 : 20];
        for (int i = 0; i < id.Length; i++) id[i] = alphabet[Random.Shared.Next(exchange == Exchange.Okx ? 16 : alphabet.Length)];
        return new string(id);
    }
}
