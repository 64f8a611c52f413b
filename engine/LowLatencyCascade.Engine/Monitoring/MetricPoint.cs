namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>One labelled value of a counter or gauge.</summary>
public sealed record MetricPoint(IReadOnlyList<MetricLabel> Labels, double Value);
