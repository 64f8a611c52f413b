namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>The exposition format's rules for metric and label names.</summary>
public static class MetricNames
{
    public static bool IsValidMetricName(string name)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0])) return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == ':')) return false;
        }
        return true;
    }

    /// <summary>Label names are like metric names without ':'; names starting with "__" are reserved by Prometheus.</summary>
    public static bool IsValidLabelName(string name)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0]) || name.StartsWith("__", StringComparison.Ordinal)) return false;
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }
        return true;
    }

    internal static void CheckLabels(string metric, IReadOnlyList<MetricLabel> labels, bool reservedQuantile)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            string label = labels[i].Name;
            if (!IsValidLabelName(label))
                throw new ArgumentException($"Metric '{metric}': '{label}' is not a valid label name.");
            if (reservedQuantile && label == "quantile")
                throw new ArgumentException($"Metric '{metric}': a summary may not carry its own 'quantile' label.");
            ArgumentNullException.ThrowIfNull(labels[i].Value, $"{metric}.{label}");
            for (int j = 0; j < i; j++)
            {
                if (labels[j].Name == label) throw new ArgumentException($"Metric '{metric}': label '{label}' appears twice.");
            }
        }
    }
}
