using System.Net.WebSockets;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using Xunit;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>The WebSocket fan-out on a real Kestrel listening on 127.0.0.1 (a free port per test).</summary>
public class SignalWebSocketServerTests
{
    private static readonly SymbolTable Symbols = SymbolTable.Of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    private static async Task<SignalWebSocketServer> StartAsync(Action<SignalWebSocketOptions>? configure = null)
    {
        var options = new SignalWebSocketOptions { Port = 0 };
        configure?.Invoke(options);
        var server = new SignalWebSocketServer(options, Symbols);
        await server.StartAsync();
        return server;
    }

    private static void Push(ISignalSink sink, TestSignalEncoder encoder, string symbol, SignalLevel level, long timeMs)
    {
        var slot = SignalSlots.Signal(Symbols.GetOrAdd(symbol), level, SignalSlots.ProbabilityFor(level), timeMs);
        var message = new SignalMessage(encoder.Encode(ref slot), slot.SymbolId, level, slot.Signal.Probability, timeMs);
        sink.Write(in message);
    }

    [Fact]
    public async Task A_client_receives_only_its_symbols_at_or_above_its_level()
    {
        await using var server = await StartAsync();
        using var client = await WebSocketTestClient.ConnectAsync(server.Uri);
        var ack = await client.SubscribeAsync("[\"btcusdt\"]", "ALERT");
        Assert.Equal("BTCUSDT", ack.GetProperty("symbols")[0].GetString());

        // Through a sink thread, as in the pipeline.
        var encoder = new TestSignalEncoder(Symbols);
        using var runner = new SinkRunner(server);
        runner.Start();
        var stage = new PublishStage(encoder, [runner]);
        var sent = new (string Symbol, SignalLevel Level)[]
        {
            ("BTCUSDT", SignalLevel.Watch), ("ETHUSDT", SignalLevel.Critical), ("BTCUSDT", SignalLevel.Alert),
            ("SOLUSDT", SignalLevel.Extreme), ("BTCUSDT", SignalLevel.None), ("BTCUSDT", SignalLevel.Extreme),
            ("BTCUSDT", SignalLevel.Critical), // last: when it arrives, everything before it has been decided
        };
        for (int i = 0; i < sent.Length; i++)
        {
            var slot = SignalSlots.Signal(Symbols.GetOrAdd(sent[i].Symbol), sent[i].Level, SignalSlots.ProbabilityFor(sent[i].Level), SignalSlots.BaseTimeMs + i);
            stage.OnEvent(ref slot, i, true);
        }

        var received = new List<(string, SignalLevel)>();
        while (received.Count == 0 || received[^1] != ("BTCUSDT", SignalLevel.Critical))
        {
            string text = await client.ReceiveTextAsync();
            Assert.Empty(SignalJsonSchema.Violations(text));
            var signal = CascadeSignalEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(text));
            received.Add((signal.Symbol, signal.SignalLevel));
        }
        Assert.Equal(sent.Where(s => s.Symbol == "BTCUSDT" && s.Level >= SignalLevel.Alert), received);
    }

    [Fact]
    public async Task Star_subscribes_to_every_symbol_and_bad_requests_get_an_error_frame()
    {
        await using var server = await StartAsync(o => o.MaxSubscriptionsPerClient = 2);
        using var client = await WebSocketTestClient.ConnectAsync(server.Uri);

        await client.SendAsync("{\"op\":\"subscribe\",\"symbols\":[\"A\",\"B\",\"C\"]}");
        var tooMany = await client.ReceiveJsonAsync();
        Assert.Equal("error", tooMany.GetProperty("op").GetString());
        Assert.Contains("too many subscriptions", tooMany.GetProperty("reason").GetString());
        await client.SendAsync("not json");
        Assert.Equal("error", (await client.ReceiveJsonAsync()).GetProperty("op").GetString());
        Assert.Equal(2, server.InvalidRequests);

        await client.SubscribeAsync("[\"*\"]", "WATCH");
        var encoder = new TestSignalEncoder(Symbols);
        Push(server, encoder, "SOLUSDT", SignalLevel.None, 1);
        Push(server, encoder, "SOLUSDT", SignalLevel.Watch, 2);
        Push(server, encoder, "ETHUSDT", SignalLevel.Alert, 3);
        var first = CascadeSignalEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(await client.ReceiveTextAsync()));
        var second = CascadeSignalEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(await client.ReceiveTextAsync()));
        Assert.Equal(("SOLUSDT", SignalLevel.Watch), (first.Symbol, first.SignalLevel));
        Assert.Equal(("ETHUSDT", SignalLevel.Alert), (second.Symbol, second.SignalLevel));
    }

    [Fact]
    public async Task An_oversized_client_message_closes_that_client_with_message_too_big()
    {
        await using var server = await StartAsync(o => o.MaxFrameBytes = 256);
        using var client = await WebSocketTestClient.ConnectAsync(server.Uri);
        await client.SendAsync("{\"op\":\"subscribe\",\"symbols\":[\"" + new string('A', 300) + "\"]}");
        await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.Socket.CloseStatus);
        Assert.Equal(1, server.InvalidRequests);
    }

    [Fact]
    public async Task Clients_above_the_limit_are_refused()
    {
        await using var server = await StartAsync(o => o.MaxClients = 2);
        using var a = await WebSocketTestClient.ConnectAsync(server.Uri);
        using var b = await WebSocketTestClient.ConnectAsync(server.Uri);
        await a.SubscribeAsync("[\"*\"]", "NONE");
        await b.SubscribeAsync("[\"*\"]", "NONE");

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestClient.ConnectAsync(server.Uri));
        Assert.Contains("503", refused.Message);
        Assert.Equal(1, server.RejectedFull);
        Assert.Equal(2, server.ConnectedClients);
    }

    [Fact]
    public async Task A_configured_token_is_required_from_clients()
    {
        await using var server = await StartAsync(o => o.Token = "correct-horse");
        var noToken = await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestClient.ConnectAsync(server.Uri));
        Assert.Contains("401", noToken.Message);
        await Assert.ThrowsAsync<WebSocketException>(() => WebSocketTestClient.ConnectAsync(new Uri(server.Uri + "?token=wrong")));
        Assert.Equal(2, server.RejectedUnauthorized);

        using var byQuery = await WebSocketTestClient.ConnectAsync(new Uri(server.Uri + "?token=correct-horse"));
        await byQuery.SubscribeAsync("[\"BTCUSDT\"]", "NONE");
        using var byHeader = await WebSocketTestClient.ConnectAsync(server.Uri, bearerToken: "correct-horse");
        await byHeader.SubscribeAsync("[\"BTCUSDT\"]", "NONE");
    }

    [Fact]
    public void Binding_beyond_loopback_without_a_token_is_refused_before_listening()
    {
        var error = Assert.Throws<ArgumentException>(() => new SignalWebSocketServer(new SignalWebSocketOptions { BindAddress = "0.0.0.0", Port = 0 }, Symbols));
        Assert.Contains("WebSocket:Token", error.Message);
        Assert.Contains("0.0.0.0", error.Message);
        // With a token the same configuration is valid (not started here: tests listen on loopback only).
        new SignalWebSocketOptions { BindAddress = "0.0.0.0", Token = "t0ken" }.Validate();
        Assert.Throws<ArgumentException>(() => new SignalWebSocketOptions { BindAddress = "not-an-ip" }.Validate());
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_while_one_that_reads_keeps_its_stream()
    {
        await using var server = await StartAsync(o => o.ClientQueueCapacity = 4);
        using var slow = await WebSocketTestClient.ConnectAsync(server.Uri);
        await slow.SubscribeAsync("[\"*\"]", "NONE");
        using var reader = await WebSocketTestClient.ConnectAsync(server.Uri);
        await reader.SubscribeAsync("[\"*\"]", "NONE");

        // Both get the same stream, paced by the reading client. The slow one never reads again: once the socket
        // buffers between it and the server are full its outbox overflows, and it is dropped instead of waited for.
        var encoder = new TestSignalEncoder(Symbols) { Padding = 3500 };
        int pushed = 0;
        while (server.SlowClientsDropped == 0 && pushed < 50_000)
        {
            Push(server, encoder, "BTCUSDT", SignalLevel.Alert, pushed);
            var signal = CascadeSignalEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(await reader.ReceiveTextAsync()));
            Assert.Equal(pushed / 1000.0, signal.Timestamp);
            pushed++;
        }
        Assert.Equal(1, server.SlowClientsDropped);
        Assert.True(server.Stats.Lost >= 1);
        Assert.True(pushed > 4, $"dropped after only {pushed} frames: the slow client must be dropped for not reading, not for a burst");

        // The reading client is unaffected and still served.
        Push(server, encoder, "ETHUSDT", SignalLevel.Critical, 424242);
        var last = CascadeSignalEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(await reader.ReceiveTextAsync()));
        Assert.Equal(("ETHUSDT", 424.242), (last.Symbol, last.Timestamp));
    }
}
