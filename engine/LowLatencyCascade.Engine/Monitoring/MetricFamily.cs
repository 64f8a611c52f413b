namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>
/// All samples of one metric name: its help text, its type, and either labelled values (counter, gauge) or
/// labelled summaries. Names are checked here, once, so the text writer never emits an exposition that
/// Prometheus would refuse.
/// </summary>
public sealed record MetricFamily
{
    public MetricFamily(string name, string help, MetricKind kind, IReadOnlyList<MetricPoint> points, IReadOnlyList<SummaryPoint> summaries,
        IReadOnlyList<HistogramPoint>? histograms = null)
    {
        histograms ??= [];
        if (!MetricNames.IsValidMetricName(name))
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).", nameof(name));
        if (kind switch
            {
                MetricKind.Summary => points.Count != 0 || histograms.Count != 0,
                MetricKind.Histogram => points.Count != 0 || summaries.Count != 0,
                _ => summaries.Count != 0 || histograms.Count != 0,
            })
            throw new ArgumentException($"Metric '{name}' of type {kind} holds the wrong kind of samples.", nameof(kind));
        foreach (var p in points) MetricNames.CheckLabels(name, p.Labels, reservedQuantile: false);
        foreach (var s in summaries) MetricNames.CheckLabels(name, s.Labels, reservedQuantile: true);
        foreach (var h in histograms)
        {
            MetricNames.CheckLabels(name, h.Labels, reservedQuantile: false);
            if (h.Labels.Any(l => l.Name == "le")) throw new ArgumentException($"Metric '{name}': a histogram may not carry its own 'le' label.");
        }
        Name = name;
        Help = help;
        Kind = kind;
        Points = points;
        Summaries = summaries;
        Histograms = histograms;
    }

    public string Name { get; }
    public string Help { get; }
    public MetricKind Kind { get; }

    /// <summary>Samples of a counter or gauge; empty for a summary.</summary>
    public IReadOnlyList<MetricPoint> Points { get; }

    /// <summary>Samples of a summary; empty for a counter or gauge.</summary>
    public IReadOnlyList<SummaryPoint> Summaries { get; }

    /// <summary>Samples of a histogram; empty otherwise.</summary>
    public IReadOnlyList<HistogramPoint> Histograms { get; }
}
