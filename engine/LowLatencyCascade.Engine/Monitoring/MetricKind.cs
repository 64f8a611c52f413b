namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>The Prometheus metric types this project exposes (text exposition format 0.0.4 <c># TYPE</c>).</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Summary,
    Histogram,
}
