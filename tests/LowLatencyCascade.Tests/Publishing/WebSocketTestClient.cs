using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>A WebSocket client as a dashboard or a script would be: send a subscription, read text frames.</summary>
internal sealed class WebSocketTestClient : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];

    private WebSocketTestClient(ClientWebSocket socket) => Socket = socket;

    public ClientWebSocket Socket { get; }

    public static async Task<WebSocketTestClient> ConnectAsync(Uri uri, string? bearerToken = null)
    {
        var socket = new ClientWebSocket();
        if (bearerToken is not null) socket.Options.SetRequestHeader("Authorization", $"Bearer {bearerToken}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(uri, cts.Token);
        return new WebSocketTestClient(socket);
    }

    public async Task SendAsync(string text)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cts.Token);
    }

    /// <summary>Subscribes and waits for the server's acknowledgement, after which matching signals are delivered.</summary>
    public async Task<JsonElement> SubscribeAsync(string symbolsJson, string minLevel)
    {
        await SendAsync($"{{\"op\":\"subscribe\",\"symbols\":{symbolsJson},\"min_level\":\"{minLevel}\"}}");
        var ack = await ReceiveJsonAsync();
        if (ack.GetProperty("op").GetString() != "subscribed") throw new InvalidOperationException($"subscription refused: {ack}");
        return ack;
    }

    public async Task<string> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        int length = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(length), cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) throw new WebSocketException($"server closed: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
            length += result.Count;
            if (result.EndOfMessage) return Encoding.UTF8.GetString(_buffer, 0, length);
        }
    }

    public async Task<JsonElement> ReceiveJsonAsync()
    {
        using var doc = JsonDocument.Parse(await ReceiveTextAsync());
        return doc.RootElement.Clone();
    }

    public void Dispose() => Socket.Dispose();
}
