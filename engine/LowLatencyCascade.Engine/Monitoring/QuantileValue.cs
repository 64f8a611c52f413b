namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>A summary's value at a quantile in [0, 1], e.g. (0.99, 412.0).</summary>
public readonly record struct QuantileValue(double Quantile, double Value);
