namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// A destination for encoded signals (Redis, WebSocket clients, a file, the console, memory).
/// A <see cref="SinkRunner"/> calls <see cref="Write"/> and <see cref="Flush"/> on the sink's own thread, never on
/// the ring's: a sink may block or throw, the runner counts it and carries on.
/// </summary>
public interface ISignalSink
{
    /// <summary>Short name for reports and thread names (<c>redis</c>, <c>websocket</c>, <c>jsonl</c>, ...).</summary>
    string Name { get; }

    /// <summary>Takes one signal. The message's bytes are valid only during the call.</summary>
    void Write(in SignalMessage message);

    /// <summary>End of a drained batch: push what <see cref="Write"/> buffered (one pipelined round for Redis).</summary>
    void Flush();

    /// <summary>What the sink itself knows it delivered and lost (the runner counts queue drops and exceptions).</summary>
    SinkStats Stats { get; }
}
