using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>One entry of <see cref="SignalStats"/>' ring of recent signals (blittable; no strings).</summary>
public readonly record struct RecentSignal(int SymbolId, long TimestampMs, SignalLevel Level, double Probability, double ProcessingTimeMs);

/// <summary>Signals generated in one hour of event time (<see cref="HourStartMs"/>, Unix ms), all levels and ALERT or above.</summary>
public readonly record struct HourlySignals(long HourStartMs, long Signals, long AlertOrAbove);
