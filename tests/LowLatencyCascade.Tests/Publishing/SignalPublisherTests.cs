using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using StackExchange.Redis;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Publishing;

public class SignalPublisherTests
{
    [Fact]
    public async Task Every_configured_sink_gets_every_signal_and_shutdown_loses_none()
    {
        using var redis = RedisServerProcess.Start();
        var symbols = SymbolTable.Of("BTCUSDT", "ETHUSDT");
        string jsonl = Path.Combine(Directory.CreateTempSubdirectory("cascade-publisher-").FullName, "signals.jsonl");
        var console = new StringWriter();
        var memory = new InMemorySignalSink();
        var options = new SignalPublisherOptions
        {
            // A generous timeout: this test is about every sink getting every signal, and on a loaded 2-core box a
            // round trip to redis-server can pass the shipped 1 s (the publish then fails and is counted lost).
            Redis = new RedisSinkOptions { Endpoint = redis.Endpoint, ConnectTimeout = TimeSpan.FromSeconds(10) },
            WebSocket = new SignalWebSocketOptions { Port = 0 },
            JsonlPath = jsonl,
            Console = console,
        };

        var publisher = await SignalPublisher.StartAsync(symbols, new TestSignalEncoder(symbols), options, [memory], TestContext.Current.CancellationToken);
        // The sink comes back even when Redis was slow to answer within ConnectTimeout (it then reconnects in the
        // background and counts what it could not send): this test is about a connected sink, so wait for that.
        await Eventually.HoldsAsync(() => publisher.Redis!.IsConnected, TimeSpan.FromSeconds(10), "the Redis sink is connected");
        using var client = await WebSocketTestClient.ConnectAsync(publisher.WebSocket!.Uri);
        await client.SubscribeAsync("[\"ETHUSDT\"]", "NONE");
        const int count = 20;
        for (int i = 0; i < count; i++)
        {
            var slot = SignalSlots.Signal(i % 2, SignalLevel.Alert, 0.6, SignalSlots.BaseTimeMs + i);
            publisher.Stage.OnEvent(ref slot, i, endOfBatch: true);
        }
        for (int i = 0; i < count / 2; i++) Assert.Equal("ETHUSDT", CascadeSignalEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(await client.ReceiveTextAsync())).Symbol);
        await publisher.DisposeAsync();

        var stats = publisher.Stats();
        Assert.Equal(["redis", "websocket", "jsonl", "console", "memory"], stats.Select(s => s.Name));
        Assert.All(stats, s => Assert.Equal((s.Name, (long)count), (s.Name, s.Processed)));
        Assert.Equal((count, 0L), (stats.Single(s => s.Name == "redis").Delivered, stats.Single(s => s.Name == "redis").Lost));
        Assert.Equal(count, File.ReadAllLines(jsonl).Length);
        Assert.Equal(count, console.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(count, memory.Count);
        using var reader = await ConnectionMultiplexer.ConnectAsync(redis.Endpoint);
        Assert.Equal(count / 2, await reader.GetDatabase().SortedSetLengthAsync("cascade:signals:history:BTCUSDT"));
    }

    [Fact]
    public async Task Nothing_is_published_anywhere_unless_asked()
    {
        var symbols = SymbolTable.Of("BTCUSDT");
        await using var publisher = await SignalPublisher.StartAsync(symbols, new TestSignalEncoder(symbols), new SignalPublisherOptions(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Empty(publisher.Runners);
        Assert.Null(publisher.Redis);
        var slot = SignalSlots.Signal(0, SignalLevel.Critical, 0.8, SignalSlots.BaseTimeMs);
        publisher.Stage.OnEvent(ref slot, 0, true);
        Assert.Equal(1, publisher.Stage.Published);
    }
}
