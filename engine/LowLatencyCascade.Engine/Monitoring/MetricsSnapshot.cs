namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>
/// Everything <c>/metrics</c> reports at one instant, in the order it is written. Built off the hot path
/// (by a scrape), from counters the pipeline maintains anyway; see <see cref="MetricsSnapshotBuilder"/>.
/// </summary>
public sealed record MetricsSnapshot(IReadOnlyList<MetricFamily> Families)
{
    public static MetricsSnapshot Empty { get; } = new([]);

    public MetricFamily? Find(string name)
    {
        foreach (var f in Families)
        {
            if (f.Name == name) return f;
        }
        return null;
    }
}
