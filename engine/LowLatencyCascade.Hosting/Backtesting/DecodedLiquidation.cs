namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>One liquidation as the venue decoders read it from a capture: symbol, event time (Unix ms) and USD notional.</summary>
public readonly record struct DecodedLiquidation(string Symbol, long TimeMs, double NotionalUsd);
