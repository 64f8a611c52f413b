namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// A sink's own delivery counts. <see cref="Delivered"/>: handed to the destination and, where the destination
/// acknowledges (Redis), acknowledged. <see cref="Lost"/>: taken from the queue but known not to have arrived
/// (Redis down, a WebSocket client dropped).
/// </summary>
public readonly record struct SinkStats(long Delivered, long Lost);
