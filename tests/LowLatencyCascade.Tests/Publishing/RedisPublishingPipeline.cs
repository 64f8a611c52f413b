using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>The publish end of the pipeline as the product wires it: publish stage → queue → sink thread → Redis.</summary>
internal sealed class RedisPublishingPipeline : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private long _sequence;

    /// <param name="expectConnected">Wait until the sink is connected (false for a sink meant to stay disconnected).</param>
    public RedisPublishingPipeline(string endpoint, Action<RedisSinkOptions>? configure = null, TimeProvider? clock = null,
        bool expectConnected = true, params string[] symbols)
    {
        Symbols = SymbolTable.Of(symbols.Length > 0 ? symbols : ["BTCUSDT", "ETHUSDT", "SOLUSDT"]);
        // 5 s instead of the product's 1 s connect and response timeout: the whole test suite runs in parallel on
        // two cores, where a redis-server can be starved for more than a second without anything being wrong.
        var options = new RedisSinkOptions { Endpoint = endpoint, Database = 0, ConnectTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        Sink = RedisSignalSink.Connect(options, Symbols, clock);
        // Connect gives up after ConnectTimeout and goes on reconnecting in the background; on a busy test
        // machine a fresh redis-server can take longer to answer.
        if (expectConnected && !SpinWait.SpinUntil(() => Sink.IsConnected, Timeout)) throw new TimeoutException($"the Redis sink did not connect to {endpoint}");
        Runner = new SinkRunner(Sink, options.QueueCapacity);
        Runner.Start();
        Encoder = new TestSignalEncoder(Symbols);
        Stage = new PublishStage(Encoder, [Runner]);
    }

    public SymbolTable Symbols { get; }
    public RedisSignalSink Sink { get; }
    public SinkRunner Runner { get; }
    public TestSignalEncoder Encoder { get; }
    public PublishStage Stage { get; }

    public MarketEvent Publish(string symbol, SignalLevel level, long eventTimeMs, double? probability = null, double velocity = 41.25)
    {
        var slot = SignalSlots.Signal(Symbols.GetOrAdd(symbol), level, probability ?? SignalSlots.ProbabilityFor(level), eventTimeMs, velocity);
        Stage.OnEvent(ref slot, _sequence++, endOfBatch: true);
        return slot;
    }

    /// <summary>Waits until everything published so far has been sent and acknowledged (or counted lost).</summary>
    public void Settle()
    {
        if (!Runner.WaitUntilDrained(Timeout)) throw new TimeoutException("the Redis sink thread did not drain its queue");
        if (!Sink.WaitForAcknowledgements(Timeout)) throw new TimeoutException("Redis did not acknowledge the published signals");
    }

    public void Dispose()
    {
        Runner.Dispose();
        Sink.Dispose();
    }
}
