using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// One encoded signal as a sink sees it. <see cref="Json"/> points into the sink queue's preallocated slot and
/// is valid only during <see cref="ISignalSink.Write"/>: a sink that keeps the bytes copies them.
/// </summary>
public readonly ref struct SignalMessage
{
    public SignalMessage(ReadOnlySpan<byte> json, int symbolId, SignalLevel level, double probability, long eventTimeMs)
    {
        Json = json;
        SymbolId = symbolId;
        Level = level;
        Probability = probability;
        EventTimeMs = eventTimeMs;
    }

    /// <summary>The spec's signal JSON (UTF-8, no trailing newline).</summary>
    public ReadOnlySpan<byte> Json { get; }
    /// <summary>Id in the pipeline's <see cref="SymbolTable"/>.</summary>
    public int SymbolId { get; }
    public SignalLevel Level { get; }
    public double Probability { get; }
    /// <summary>Event time of the slot that produced the signal, Unix milliseconds.</summary>
    public long EventTimeMs { get; }

    /// <summary>Event time as the JSON's <c>timestamp</c>: Unix seconds with a fraction.</summary>
    public double TimestampSeconds => EventTimeMs / 1000.0;
}
