namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>A parsed exposition: samples in order, and the HELP and TYPE declared per family name.</summary>
public sealed record PrometheusExposition(
    IReadOnlyList<PrometheusSample> Samples,
    IReadOnlyDictionary<string, string> Types,
    IReadOnlyDictionary<string, string> Help)
{
    /// <summary>The value of the sample with exactly these labels, or null when there is none.</summary>
    public double? Find(string name, params MetricLabel[] labels)
    {
        foreach (var s in Samples)
        {
            if (s.Name == name && s.HasExactly(labels)) return s.Value;
        }
        return null;
    }
}
