namespace LowLatencyCascade.Engine.Publishing;

/// <summary>Which sinks a <see cref="SignalPublisher"/> runs. Every sink is off unless asked for (no Redis unless asked).</summary>
public sealed class SignalPublisherOptions
{
    /// <summary>Publish to Redis (<c>--redis host:port</c>).</summary>
    public RedisSinkOptions? Redis { get; set; }
    /// <summary>Serve the WebSocket fan-out.</summary>
    public SignalWebSocketOptions? WebSocket { get; set; }
    /// <summary>Append every signal to this JSON-lines file.</summary>
    public string? JsonlPath { get; set; }
    /// <summary>Print one line per signal here (the CLI passes <see cref="System.Console.Out"/>).</summary>
    public TextWriter? Console { get; set; }
    /// <summary>
    /// Replay: no sink drops (the publish stage waits for room in each sink's queue), so a signals file, a golden
    /// comparison, a Redis subscriber and a WebSocket client that keeps reading see every signal. The Redis sink
    /// also waits for Redis' acknowledgements instead of counting a slow server as lost (a Redis that is down is
    /// still counted lost, not waited for), and the WebSocket fan-out waits for a full client (up to
    /// <see cref="SignalWebSocketOptions.SlowClientTimeout"/>). Live leaves it false: every sink drops and counts.
    /// </summary>
    public bool Lossless { get; set; }
    /// <summary>Queue capacity of the sinks other than Redis (which has <see cref="RedisSinkOptions.QueueCapacity"/>).</summary>
    public int QueueCapacity { get; set; } = SignalQueue.DefaultCapacity;
    /// <summary>Largest encoded signal a queue slot holds; bigger ones are dropped and counted.</summary>
    public int MaxMessageBytes { get; set; } = SignalQueue.DefaultSlotBytes;
}
