namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>One <c>name="value"</c> pair on a sample. The value is written escaped; the name must be a valid label name.</summary>
public readonly record struct MetricLabel(string Name, string Value);
