using System.Globalization;
using System.Text;

namespace LowLatencyCascade.Engine.Monitoring;

/// <summary>
/// Writes a <see cref="MetricsSnapshot"/> in the Prometheus text exposition format, version 0.0.4:
/// <c># HELP</c> and <c># TYPE</c> per family, one sample per line, '\n' line ends, label values escaped.
/// Runs once per scrape, off the hot path.
/// </summary>
public static class PrometheusTextWriter
{
    /// <summary>The Content-Type a scrape endpoint serves this text with.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(MetricsSnapshot snapshot)
    {
        var sb = new StringBuilder(4096);
        using (var w = new StringWriter(sb, CultureInfo.InvariantCulture)) Write(snapshot, w);
        return sb.ToString();
    }

    public static void Write(MetricsSnapshot snapshot, TextWriter w)
    {
        foreach (var family in snapshot.Families)
        {
            w.Write("# HELP ");
            w.Write(family.Name);
            w.Write(' ');
            WriteEscaped(w, family.Help, escapeQuote: false);
            w.Write('\n');
            w.Write("# TYPE ");
            w.Write(family.Name);
            w.Write(' ');
            w.Write(TypeName(family.Kind));
            w.Write('\n');

            foreach (var p in family.Points) WriteSample(w, family.Name, "", p.Labels, null, p.Value);
            foreach (var s in family.Summaries)
            {
                foreach (var q in s.Quantiles) WriteSample(w, family.Name, "", s.Labels, q.Quantile, q.Value);
                WriteSample(w, family.Name, "_sum", s.Labels, null, s.Sum);
                WriteSample(w, family.Name, "_count", s.Labels, null, s.Count);
            }
            foreach (var h in family.Histograms)
            {
                foreach (var b in h.Buckets) WriteSample(w, family.Name, "_bucket", h.Labels, null, b.Count, ("le", b.UpperBound));
                WriteSample(w, family.Name, "_bucket", h.Labels, null, h.Count, ("le", double.PositiveInfinity));
                WriteSample(w, family.Name, "_sum", h.Labels, null, h.Sum);
                WriteSample(w, family.Name, "_count", h.Labels, null, h.Count);
            }
        }
    }

    public static string TypeName(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Gauge => "gauge",
        MetricKind.Summary => "summary",
        MetricKind.Histogram => "histogram",
        _ => "untyped",
    };

    /// <summary>Go's float syntax as Prometheus reads it: shortest round-trip digits, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatValue(double v) =>
        double.IsNaN(v) ? "NaN"
        : double.IsPositiveInfinity(v) ? "+Inf"
        : double.IsNegativeInfinity(v) ? "-Inf"
        : v.ToString("R", CultureInfo.InvariantCulture);

    private static void WriteSample(TextWriter w, string name, string suffix, IReadOnlyList<MetricLabel> labels, double? quantile, double value,
        (string Name, double Value)? extra = null)
    {
        w.Write(name);
        w.Write(suffix);
        if (labels.Count > 0 || quantile is not null || extra is not null)
        {
            w.Write('{');
            for (int i = 0; i < labels.Count; i++)
            {
                if (i > 0) w.Write(',');
                WriteLabel(w, labels[i].Name, labels[i].Value);
            }
            if (quantile is double q)
            {
                if (labels.Count > 0) w.Write(',');
                WriteLabel(w, "quantile", FormatValue(q));
            }
            if (extra is { } le)
            {
                if (labels.Count > 0) w.Write(',');
                WriteLabel(w, le.Name, FormatValue(le.Value));
            }
            w.Write('}');
        }
        w.Write(' ');
        w.Write(FormatValue(value));
        w.Write('\n');
    }

    private static void WriteLabel(TextWriter w, string name, string value)
    {
        w.Write(name);
        w.Write("=\"");
        WriteEscaped(w, value, escapeQuote: true);
        w.Write('"');
    }

    // Label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed only.
    private static void WriteEscaped(TextWriter w, string s, bool escapeQuote)
    {
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': w.Write("\\\\"); break;
                case '\n': w.Write("\\n"); break;
                case '"' when escapeQuote: w.Write("\\\""); break;
                default: w.Write(c); break;
            }
        }
    }
}
