namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>
/// Collects samples into families by metric name, keeping first-seen order, and refuses the mistakes
/// Prometheus would refuse at scrape time: one name with two types, or the same label set twice.
/// </summary>
public sealed class MetricsSnapshotBuilder
{
    private readonly List<Entry> _families = [];

    public MetricsSnapshotBuilder Counter(string name, string help, double value, params MetricLabel[] labels)
    {
        if (value < 0 || double.IsNaN(value)) throw new ArgumentOutOfRangeException(nameof(value), value, $"Counter '{name}' must be a non-negative number.");
        Family(name, help, MetricKind.Counter, labels).Points.Add(new MetricPoint(labels, value));
        return this;
    }

    public MetricsSnapshotBuilder Gauge(string name, string help, double value, params MetricLabel[] labels)
    {
        Family(name, help, MetricKind.Gauge, labels).Points.Add(new MetricPoint(labels, value));
        return this;
    }

    public MetricsSnapshotBuilder Summary(string name, string help, IReadOnlyList<QuantileValue> quantiles, double sum, long count, params MetricLabel[] labels)
    {
        foreach (var q in quantiles)
        {
            if (!(q.Quantile >= 0 && q.Quantile <= 1)) throw new ArgumentOutOfRangeException(nameof(quantiles), q.Quantile, $"Summary '{name}': a quantile lies in [0, 1].");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Family(name, help, MetricKind.Summary, labels).Summaries.Add(new SummaryPoint(labels, quantiles, sum, count));
        return this;
    }

    /// <summary>A histogram: <paramref name="buckets"/> cumulative and ascending by upper bound (no <c>+Inf</c>: the writer adds it from <paramref name="count"/>).</summary>
    public MetricsSnapshotBuilder Histogram(string name, string help, IReadOnlyList<BucketCount> buckets, double sum, long count, params MetricLabel[] labels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (int i = 0; i < buckets.Count; i++)
        {
            if (double.IsNaN(buckets[i].UpperBound) || (i > 0 && (buckets[i].UpperBound <= buckets[i - 1].UpperBound || buckets[i].Count < buckets[i - 1].Count)) || buckets[i].Count > count)
                throw new ArgumentException($"Histogram '{name}': buckets must ascend with cumulative counts up to the total.", nameof(buckets));
        }
        Family(name, help, MetricKind.Histogram, labels).Histograms.Add(new HistogramPoint(labels, buckets, sum, count));
        return this;
    }

    public MetricsSnapshot Build() =>
        new(_families.Select(e => new MetricFamily(e.Name, e.Help, e.Kind, e.Points.ToArray(), e.Summaries.ToArray(), e.Histograms.ToArray())).ToArray());

    private Entry Family(string name, string help, MetricKind kind, MetricLabel[] labels)
    {
        var entry = _families.Find(e => e.Name == name);
        if (entry is null)
        {
            entry = new Entry(name, help, kind);
            _families.Add(entry);
        }
        else if (entry.Kind != kind)
        {
            throw new InvalidOperationException($"Metric '{name}' was added as {entry.Kind} and now as {kind}.");
        }

        if (entry.Points.Any(p => SameLabels(p.Labels, labels)) || entry.Summaries.Any(s => SameLabels(s.Labels, labels))
            || entry.Histograms.Any(h => SameLabels(h.Labels, labels)))
            throw new InvalidOperationException($"Metric '{name}' already has a sample with labels {{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}.");
        return entry;
    }

    private static bool SameLabels(IReadOnlyList<MetricLabel> a, MetricLabel[] b) =>
        a.Count == b.Length && a.All(b.Contains);

    private sealed record Entry(string Name, string Help, MetricKind Kind)
    {
        public List<MetricPoint> Points { get; } = [];
        public List<SummaryPoint> Summaries { get; } = [];
        public List<HistogramPoint> Histograms { get; } = [];
    }
}
