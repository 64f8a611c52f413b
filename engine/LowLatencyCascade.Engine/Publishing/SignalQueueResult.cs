namespace LowLatencyCascade.Engine.Publishing;

/// <summary>What happened to one message offered to a <see cref="SignalQueue"/>.</summary>
public enum SignalQueueResult : byte
{
    Enqueued = 0,
    /// <summary>The sink is behind and its queue is full.</summary>
    DroppedFull = 1,
    /// <summary>The message is larger than a queue slot.</summary>
    DroppedOversize = 2,
}
