using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>One signal a replay produced for a symbol, at event time (Unix ms).</summary>
public readonly record struct BacktestSignal(string Symbol, long EventTimeMs, SignalLevel Level, double Probability);
