using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Health;

/// <summary>
/// Per-venue connection status, the hand-off from the feed side (connections' receive threads and the status
/// monitor) to the pipeline thread: one status word per <see cref="Exchange"/>, written with
/// <see cref="Volatile.Write(ref int, int)"/> and read with <see cref="Volatile.Read(ref int)"/>. No locks, no
/// allocation; the reader may see a status one monitor tick old (the monitor also writes at once on a disconnect).
/// Values: <see cref="Unknown"/> (-1, nobody reported), 0 GREEN, 1 YELLOW, 2 RED (the feeds' <c>HealthStatus</c>).
/// </summary>
public sealed class FeedStatusBoard
{
    public const int Unknown = -1;
    public const int Green = 0;
    public const int Yellow = 1;
    public const int Red = 2;

    private readonly int[] _status = [Unknown, Unknown, Unknown];

    public int StatusOf(Exchange exchange) => (uint)exchange < (uint)_status.Length ? Volatile.Read(ref _status[(int)exchange]) : Unknown;

    public void Set(Exchange exchange, int status)
    {
        if ((uint)exchange < (uint)_status.Length) Volatile.Write(ref _status[(int)exchange], status);
    }

    /// <summary>Venues whose status is RED, one bit per exchange (<see cref="FeedHealthAnnotation.Bit"/>).</summary>
    public byte RedMask()
    {
        byte mask = 0;
        for (int e = 0; e < _status.Length; e++)
        {
            if (Volatile.Read(ref _status[e]) == Red) mask |= (byte)(1 << e);
        }
        return mask;
    }
}
