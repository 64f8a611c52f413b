namespace LowLatencyCascade.Feeds;

/// <summary>What the transport (or the replayer) knows about a frame besides its bytes.</summary>
public readonly record struct FrameContext(
    int ConnectionId,
    /// <summary>Local receive time, Unix 100 ns ticks (the capture's timestamp).</summary>
    long ReceiveTimeTicks,
    /// <summary>Monotonic stamp (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>) when the last byte arrived or the replayer handed the frame over.</summary>
    long IngressTimestamp);
