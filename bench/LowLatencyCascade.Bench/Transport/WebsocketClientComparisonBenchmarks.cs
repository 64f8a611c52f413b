using System.Net;
using System.Net.WebSockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Websocket.Client;

namespace LowLatencyCascade.Bench.Transport;

/// <summary>
/// Why the feeds keep their own receive loop instead of Websocket.Client (5.5.1, referenced by the bench only): the same
/// Kestrel server (in this process, loopback) sends <see cref="Frames"/> Binance-shaped text frames of ~300 bytes per
/// operation, and each client counts them. Per frame: the time to receive it, and the bytes allocated (the server's
/// share is the same in every row, so the difference between rows is the client's). Rows:
/// <list type="bullet">
/// <item><c>ClientWebSocket_ReusedBuffer</c>: the shape of the project's <c>FeedConnection</c> loop, whole messages
/// into one reused buffer (the baseline);</item>
/// <item><c>WebsocketClient_Text</c>: the library's default, each frame a <c>string</c> in a <c>ResponseMessage</c>;</item>
/// <item><c>WebsocketClient_Binary</c>: text conversion off, each frame a <c>byte[]</c>.</item>
/// </list>
/// <c>./run.sh bench WebsocketClient</c>.
/// </summary>
[MemoryDiagnoser]
public class WebsocketClientComparisonBenchmarks
{
    private const int Frames = 20_000;
    private static readonly byte[] Frame = Encoding.UTF8.GetBytes(
        """{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1764950400000,"s":"BTCUSDT","a":2891237712,"p":"91234.50","q":"0.012","nq":"0.012","f":6011223344,"l":6011223346,"T":1764950399998,"m":true,"x":"0123456789012345678901234567890123456789012345678901234567890123456789"}}""");

    private WebApplication _app = null!;
    private Uri _uri = null!;

    [GlobalSetup]
    public void Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/frames", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            for (int i = 0; i < Frames; i++)
                await socket.SendAsync(Frame, WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            var drain = new byte[256];
            try { while (!(await socket.ReceiveAsync(drain, CancellationToken.None)).CloseStatus.HasValue) { } }
            catch (WebSocketException) { }
        });
        _app.StartAsync().GetAwaiter().GetResult();
        var address = _app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal);
        _uri = new Uri(address + "/frames");
    }

    [GlobalCleanup]
    public void Cleanup() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public async Task<int> ClientWebSocket_ReusedBuffer()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(_uri, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        int frames = 0, length = 0;
        while (true)
        {
            var r = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            if (r.MessageType == WebSocketMessageType.Close) break;
            length += r.Count;
            if (!r.EndOfMessage) continue;
            frames++;
            length = 0;
        }
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return frames != Frames ? throw new InvalidOperationException($"received {frames} of {Frames}") : frames;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public Task<int> WebsocketClient_Text() => ReceiveWithLibraryAsync(textConversion: true);

    [Benchmark(OperationsPerInvoke = Frames)]
    public Task<int> WebsocketClient_Binary() => ReceiveWithLibraryAsync(textConversion: false);

    private async Task<int> ReceiveWithLibraryAsync(bool textConversion)
    {
        int frames = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = new WebsocketClient(_uri)
        {
            IsReconnectionEnabled = false,
            ReconnectTimeout = null,
            IsTextMessageConversionEnabled = textConversion,
        };
        using var messages = client.MessageReceived.Subscribe(m =>
        {
            if (++frames == Frames) done.TrySetResult();
        });
        await client.StartOrFail();
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await client.Stop(WebSocketCloseStatus.NormalClosure, "done");
        return frames;
    }
}
