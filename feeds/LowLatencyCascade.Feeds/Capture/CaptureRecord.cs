namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// One line of a capture file. <see cref="Frame"/> points into the reader's buffer and is valid until the
/// next read. A disconnect (an empty line) has no time of its own: it carries the time of the line before it.
/// </summary>
public readonly record struct CaptureRecord(long ReceiveTimeTicks, ReadOnlyMemory<byte> Frame, bool IsDisconnect, int LineNumber);
