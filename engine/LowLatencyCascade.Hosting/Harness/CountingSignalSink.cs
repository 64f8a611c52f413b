using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// The harness's sink: takes each signal off its sink thread and only counts it (messages, bytes, levels), so the
/// measured path ends at the publish stage's hand-off to the sink queue and nothing behind it allocates or does
/// I/O that would compete for the cores.
/// </summary>
public sealed class CountingSignalSink : ISignalSink
{
    private readonly long[] _perLevel = new long[SignalLevels.Count];
    private long _count;
    private long _bytes;

    public string Name => "counting";

    public long Count => Volatile.Read(ref _count);

    public long Bytes => Volatile.Read(ref _bytes);

    public long CountAt(SignalLevel level) => (uint)level < (uint)_perLevel.Length ? Volatile.Read(ref _perLevel[(int)level]) : 0;

    public SinkStats Stats => new(Count, 0);

    public void Write(in SignalMessage message)
    {
        Volatile.Write(ref _bytes, _bytes + message.Json.Length);
        if ((uint)message.Level < (uint)_perLevel.Length) _perLevel[(int)message.Level]++;
        Volatile.Write(ref _count, _count + 1);
    }

    public void Flush() { }
}
