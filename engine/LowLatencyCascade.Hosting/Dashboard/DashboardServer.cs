using LowLatencyCascade.Engine.Pipeline;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LowLatencyCascade.Hosting.Dashboard;

/// <summary>
/// The live dashboard: a Kestrel server with the page (<c>/</c>), a WebSocket pushing the snapshot every
/// <see cref="DashboardOptions.PushInterval"/> (<c>/ws</c>), the snapshot as JSON (<c>/api/snapshot</c>)
/// and Prometheus text (<c>/metrics</c>). It only reads <see cref="IDashboardDataSource"/> from its own
/// threads, so it never touches the ring.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly DashboardOptions _options;
    private readonly IDashboardDataSource _source;
    private readonly ILogger _logger;
    private readonly DashboardClientHub _clients;
    private readonly byte[]? _token;
    private readonly ReadOnlyMemory<byte> _page;
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private Task _pushLoop = Task.CompletedTask;

    /// <param name="page">The HTML served at <c>/</c> (the <c>cascade</c> executable embeds its page); empty: <c>/</c> answers 404.</param>
    public DashboardServer(DashboardOptions options, IDashboardDataSource source, ReadOnlyMemory<byte> page = default, ILogger<DashboardServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(source);
        options.Validate();
        _options = options;
        _source = source;
        _page = page;
        _logger = logger ?? NullLogger<DashboardServer>.Instance;
        _clients = new DashboardClientHub(options.MaxClients, options.SlowClientTimeout);
        _token = string.IsNullOrEmpty(options.Token) ? null : Encoding.UTF8.GetBytes(options.Token);
    }

    /// <summary>The port bound (the real one when <see cref="DashboardOptions.Port"/> was 0); valid after start.</summary>
    public int Port { get; private set; }

    /// <summary>Where a browser on this machine reaches the dashboard, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public int ConnectedClients => _clients.Count;

    /// <summary>WebSocket clients dropped because they could not keep up with the pushes.</summary>
    public long DroppedSlowClients => _clients.DroppedSlowClients;

    internal event Action? SlowClientDropped
    {
        add => _clients.ClientDropped += value;
        remove => _clients.ClientDropped -= value;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null) throw new InvalidOperationException("The dashboard is already started.");
        var address = _options.ResolveBindAddress();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, _options.Port);
        });
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.Run(HandleAsync);

        await app.StartAsync(cancellationToken);
        _app = app;

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Port = new Uri(bound).Port;
        var browsable = address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : address;
        BaseUri = new UriBuilder("http", browsable.ToString(), Port).Uri;
        _pushLoop = PushLoopAsync(_stopping.Token);
        _logger.LogInformation("Dashboard listening on {Uri}", BaseUri);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_app is null || _stopping.IsCancellationRequested) return;
        await _stopping.CancelAsync();
        await _pushLoop;
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        if (!IsAuthorized(context.Request))
        {
            response.StatusCode = StatusCodes.Status401Unauthorized;
            response.Headers.WWWAuthenticate = "Bearer";
            await response.WriteAsync("A token is required: add ?token=<Dashboard:Token> or an Authorization: Bearer header.\n");
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        try
        {
            await RouteAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException && !response.HasStarted)
        {
            // The source is the running pipeline: say plainly that it, not the request, failed.
            _logger.LogError(e, "Dashboard request {Path} failed", context.Request.Path);
            response.StatusCode = StatusCodes.Status500InternalServerError;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync($"The dashboard's data source failed: {e.GetType().Name}: {e.Message}\n");
        }
    }

    private async Task RouteAsync(HttpContext context)
    {
        var response = context.Response;
        switch (context.Request.Path.Value)
        {
            case "/" or "/index.html" when !_page.IsEmpty:
                response.ContentType = "text/html; charset=utf-8";
                await response.Body.WriteAsync(_page);
                break;
            case "/ws":
                await ServeWebSocketAsync(context);
                break;
            case "/api/snapshot":
                response.ContentType = "application/json; charset=utf-8";
                await response.Body.WriteAsync(SerializeSnapshot());
                break;
            case "/metrics":
                response.ContentType = PrometheusTextWriter.ContentType;
                await response.WriteAsync(PrometheusTextWriter.Write(_source.GetMetrics()));
                break;
            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private async Task ServeWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("/ws expects a WebSocket upgrade.\n");
            return;
        }
        if (!IsSameOrigin(context.Request))
        {
            // A page from another site in the user's browser must not read the signals through this socket.
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        if (!_clients.TryAdmit())
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync($"The dashboard serves at most {_options.MaxClients} clients (Dashboard:MaxClients).\n");
            return;
        }
        try
        {
            var first = SerializeSnapshot();
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await _clients.RunClientAsync(context, socket, first, _stopping.Token);
        }
        finally
        {
            _clients.Release();
        }
    }

    private async Task PushLoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.PushInterval);
        using var stop = timer.StopWhen(stopping);
        try
        {
            while (await timer.WaitForNextTickAsync() && !stopping.IsCancellationRequested)
            {
                if (_clients.Count == 0) continue;
                byte[] frame;
                try
                {
                    frame = SerializeSnapshot();
                }
                catch (Exception e)
                {
                    // A source that fails once must not end the pushes; the next tick tries again.
                    _logger.LogError(e, "Dashboard snapshot failed; the push is skipped");
                    continue;
                }
                _clients.Broadcast(frame);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private byte[] SerializeSnapshot() => JsonSerializer.SerializeToUtf8Bytes(_source.GetSnapshot(), DashboardJsonContext.Default.DashboardSnapshot);

    private bool IsAuthorized(HttpRequest request)
    {
        if (_token is null) return true;
        string? presented = request.Query["token"];
        if (presented is null)
        {
            string? header = request.Headers.Authorization;
            if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) presented = header["Bearer ".Length..].Trim();
        }
        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);
    }

    private static bool IsSameOrigin(HttpRequest request)
    {
        string? origin = request.Headers.Origin;
        if (string.IsNullOrEmpty(origin)) return true; // not a browser: scripts and tools may connect
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
