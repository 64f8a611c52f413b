using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>One entry of <see cref="SignalStats"/>' ring of recent signals (blittable; no strings).</summary>
public readonly record struct RecentSignal(int SymbolId, long TimestampMs, SignalLevel Level, double Probability, double ProcessingTimeMs);
