namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>One parsed sample line: the full sample name (with any <c>_sum</c>/<c>_count</c> suffix), its labels and value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? TimestampMs)
{
    public bool HasExactly(IReadOnlyList<MetricLabel> labels)
    {
        if (Labels.Count != labels.Count) return false;
        foreach (var l in labels)
        {
            if (!Labels.TryGetValue(l.Name, out var v) || v != l.Value) return false;
        }
        return true;
    }
}
