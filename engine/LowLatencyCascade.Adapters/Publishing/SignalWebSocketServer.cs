using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using LowLatencyCascade.Engine.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Fans signals out to WebSocket clients that are not on Redis. A client connects to <see cref="Uri"/>, sends
/// <c>{"op":"subscribe","symbols":["BTCUSDT"],"min_level":"ALERT"}</c> (<c>*</c> for every symbol), gets a
/// <c>{"op":"subscribed",...}</c> acknowledgement and then the signal JSON of every matching signal as a text frame.
/// <para>
/// As an <see cref="ISignalSink"/> it runs behind a <see cref="SinkRunner"/> like any other sink: <see cref="Write"/>
/// copies the signal once and offers it to each matching client's bounded outbox without waiting. A client whose
/// outbox is full is dropped and counted (<see cref="SlowClientsDropped"/>); clients above
/// <see cref="SignalWebSocketOptions.MaxClients"/> are refused with HTTP 503.
/// </para>
/// <para>
/// Lossless (replays): a full outbox is waited for (up to <see cref="SignalWebSocketOptions.SlowClientTimeout"/>,
/// then the client is dropped), so a client that keeps reading gets every matching signal; the replay slows down
/// instead. Stopping sends each client what is already queued, then a normal close (1000).
/// </para>
/// </summary>
public sealed class SignalWebSocketServer : ISignalSink, IAsyncDisposable
{
    private readonly SignalWebSocketOptions _options;
    private readonly SymbolTable _symbols;
    private readonly byte[]? _token;
    private readonly bool _lossless;
    private readonly object _clientsLock = new();
    private volatile SignalWebSocketClient[] _clients = [];
    private WebApplication? _app;
    private int _admitted;

    private long _delivered;
    private long _lost;
    private long _rejectedFull;
    private long _rejectedUnauthorized;
    private long _slowClientsDropped;
    private long _invalidRequests;
    private long _framesSent;
    private long _connections;
    private readonly Action _countSent;

    /// <summary>Validates the options (throws <see cref="ArgumentException"/> naming the key) without listening yet.</summary>
    /// <param name="lossless">Replays: wait for a full client outbox (bounded by <see cref="SignalWebSocketOptions.SlowClientTimeout"/>) instead of dropping at once.</param>
    public SignalWebSocketServer(SignalWebSocketOptions options, SymbolTable symbols, bool lossless = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(symbols);
        options.Validate();
        _options = options;
        _symbols = symbols;
        _token = string.IsNullOrEmpty(options.Token) ? null : Encoding.UTF8.GetBytes(options.Token);
        _lossless = lossless;
        _countSent = () => Interlocked.Increment(ref _framesSent);
    }

    public string Name => "websocket";

    /// <summary>Frames offered to clients (<see cref="SinkStats.Delivered"/>) and not offered because the client was dropped as slow.</summary>
    public SinkStats Stats => new(Volatile.Read(ref _delivered), Volatile.Read(ref _lost));

    /// <summary>The endpoint clients connect to (valid after <see cref="StartAsync"/>).</summary>
    public Uri Uri { get; private set; } = new("ws://127.0.0.1/");
    public int ConnectedClients => _clients.Length;
    public SignalWebSocketOptions Options => _options;
    /// <summary>Connected clients that have subscribed to something.</summary>
    public int SubscribedClients => _clients.Count(c => !c.WasDropped && c.Subscription.Count > 0);
    public long RejectedFull => Volatile.Read(ref _rejectedFull);
    public long RejectedUnauthorized => Volatile.Read(ref _rejectedUnauthorized);
    public long SlowClientsDropped => Volatile.Read(ref _slowClientsDropped);
    public long InvalidRequests => Volatile.Read(ref _invalidRequests);
    /// <summary>Frames written to client sockets: signals, subscription replies and errors.</summary>
    public long FramesSent => Volatile.Read(ref _framesSent);
    /// <summary>WebSocket connections accepted since start.</summary>
    public long Connections => Volatile.Read(ref _connections);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null) throw new InvalidOperationException("the WebSocket server is already started");
        SignalWebSocketOptions.TryParseBindAddress(_options.BindAddress, out IPAddress address);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(address, _options.Port);
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.Run(HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Uri = new Uri(new Uri(bound.Replace("http://", "ws://", StringComparison.Ordinal)), _options.Path);
    }

    public void Write(in SignalMessage message)
    {
        var clients = _clients;
        if (clients.Length == 0) return;
        string symbol = _symbols.NameOf(message.SymbolId);
        byte[]? frame = null;
        foreach (var client in clients)
        {
            if (client.WasDropped || !client.Subscription.Matches(symbol, message.Level)) continue;
            frame ??= message.Json.ToArray(); // one copy shared by every client: frames are never mutated
            if (_lossless ? client.EnqueueWaiting(frame, _options.SlowClientTimeout) : client.TryEnqueue(frame))
            {
                Interlocked.Increment(ref _delivered);
            }
            else
            {
                Interlocked.Increment(ref _lost);
                if (client.Drop()) Interlocked.Increment(ref _slowClientsDropped);
            }
        }
    }

    public void Flush() { }

    /// <summary>
    /// Completes once <paramref name="count"/> connected clients have subscribed (a replay waits on it before feeding,
    /// <see cref="SignalWebSocketOptions.WaitForClients"/>). Not on the hot path: it polls.
    /// </summary>
    public async Task WaitForSubscribersAsync(int count, CancellationToken cancellationToken)
    {
        while (SubscribedClients < count) await Task.Delay(20, cancellationToken).ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.Path.Value, _options.Path, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("WebSocket upgrade required\n").ConfigureAwait(false);
            return;
        }
        if (_token is not null && !Authorized(context.Request))
        {
            Interlocked.Increment(ref _rejectedUnauthorized);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }
        if (Interlocked.Increment(ref _admitted) > _options.MaxClients)
        {
            Interlocked.Decrement(ref _admitted);
            Interlocked.Increment(ref _rejectedFull);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        SignalWebSocketClient? client = null;
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            client = new SignalWebSocketClient(socket, _options.ClientQueueCapacity, _countSent);
            Interlocked.Increment(ref _connections);
            AddClient(client);
            var sending = client.SendLoopAsync();
            await ReceiveLoopAsync(client).ConfigureAwait(false);
            client.Close();
            await sending.ConfigureAwait(false);
        }
        finally
        {
            if (client is not null)
            {
                RemoveClient(client);
                client.MarkFinished();
                client.Dispose();
            }
            Interlocked.Decrement(ref _admitted);
        }
    }

    private async Task ReceiveLoopAsync(SignalWebSocketClient client)
    {
        var socket = client.Socket;
        var buffer = new byte[_options.MaxFrameBytes];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        Interlocked.Increment(ref _invalidRequests);
                        await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig,
                            $"messages are limited to {buffer.Length} bytes", client.Closing).ConfigureAwait(false);
                        return;
                    }
                    result = await socket.ReceiveAsync(buffer.AsMemory(length), client.Closing).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // Answer a close the client began; one the server began (stopping) is already answered.
                        if (socket.State == WebSocketState.CloseReceived)
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, client.Closing).ConfigureAwait(false);
                        return;
                    }
                    length += result.Count;
                } while (!result.EndOfMessage);

                var next = client.Subscription.Apply(buffer.AsSpan(0, length), _options.MaxSubscriptionsPerClient, out string? error);
                if (next is null)
                {
                    Interlocked.Increment(ref _invalidRequests);
                    if (!client.TryEnqueue(SignalSubscription.ErrorFrame(error!)) && client.Drop()) Interlocked.Increment(ref _slowClientsDropped);
                    continue;
                }
                // The acknowledgement goes out before any signal the new subscription matches.
                if (!client.TryEnqueue(next.ToAck()) && client.Drop()) Interlocked.Increment(ref _slowClientsDropped);
                client.Subscription = next;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Dropped, or the peer went away.
        }
    }

    private bool Authorized(HttpRequest request)
    {
        string? presented = request.Query["token"].FirstOrDefault();
        if (presented is null)
        {
            string? header = request.Headers.Authorization.FirstOrDefault();
            const string bearer = "Bearer ";
            if (header is not null && header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) presented = header[bearer.Length..].Trim();
        }
        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);
    }

    private void AddClient(SignalWebSocketClient client)
    {
        lock (_clientsLock) _clients = [.. _clients, client];
    }

    private void RemoveClient(SignalWebSocketClient client)
    {
        lock (_clientsLock) _clients = _clients.Where(c => c != client).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        // Each client gets what is already queued for it, then a normal close; one that does not finish in time is aborted.
        var clients = _clients;
        foreach (var client in clients) client.Complete();
        try
        {
            await Task.WhenAll(clients.Select(c => c.Finished)).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        foreach (var client in _clients) client.Close();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
