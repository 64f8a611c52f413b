using System.Globalization;
using System.Text;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// Latency against percentile on HdrHistogram's log axis (x = 1/(1-p): 90 %, 99 %, 99.9 %... equally spaced),
/// written as a standalone SVG a person can open in a browser. Several series share the chart (stages, or a
/// topology against its Channels baseline). The y axis is logarithmic too, so a microsecond median and a
/// millisecond tail are both readable.
/// </summary>
public static class PercentilePlot
{
    public sealed record Series(string Label, Func<double, double> MicrosAtPercentile, double MaxMicros);

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    public static string Svg(string title, IReadOnlyList<Series> series, int maxNines = 5)
    {
        const int width = 960, height = 520, left = 80, right = 260, top = 50, bottom = 60;
        int plotW = width - left - right, plotH = height - top - bottom;
        double xMax = maxNines; // log10(1/(1-p)) from 0 (p=0) to maxNines (p=1-10^-maxNines)
        double yMinUs = double.MaxValue, yMaxUs = 0;
        var points = new List<(double X, double Y)[]>();
        foreach (var s in series)
        {
            var pts = new List<(double, double)>();
            for (double x = 0; x <= xMax + 1e-9; x += 0.05)
            {
                double p = 100.0 * (1 - Math.Pow(10, -x));
                double v = Math.Max(s.MicrosAtPercentile(p), 0.01);
                pts.Add((x, v));
            }
            pts.Add((xMax, Math.Max(s.MaxMicros, 0.01)));
            foreach (var (_, v) in pts) { yMinUs = Math.Min(yMinUs, v); yMaxUs = Math.Max(yMaxUs, v); }
            points.Add([.. pts]);
        }
        if (series.Count == 0) { yMinUs = 0.1; yMaxUs = 10; }
        double lyMin = Math.Floor(Math.Log10(yMinUs)), lyMax = Math.Ceiling(Math.Log10(yMaxUs));
        if (lyMax <= lyMin) lyMax = lyMin + 1;

        string X(double x) => (left + x / xMax * plotW).ToString("F1", CultureInfo.InvariantCulture);
        string Y(double us) => (top + plotH - (Math.Log10(us) - lyMin) / (lyMax - lyMin) * plotH).ToString("F1", CultureInfo.InvariantCulture);

        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>\n");
        // grid and axis labels
        for (int n = 0; n <= maxNines; n++)
        {
            string label = n == 0 ? "0%" : (100 - Math.Pow(10, 2 - n)).ToString("0.#####", CultureInfo.InvariantCulture) + "%";
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(n)}\" y1=\"{top}\" x2=\"{X(n)}\" y2=\"{top + plotH}\" stroke=\"#ddd\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(n)}\" y=\"{top + plotH + 18}\" text-anchor=\"middle\">{label}</text>\n");
        }
        for (double ly = lyMin; ly <= lyMax + 1e-9; ly++)
        {
            double us = Math.Pow(10, ly);
            string label = us >= 1000 ? $"{us / 1000:0.###} ms" : $"{us:0.###} µs";
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{Y(us)}\" x2=\"{left + plotW}\" y2=\"{Y(us)}\" stroke=\"#ddd\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{Y(us)}\" text-anchor=\"end\" dominant-baseline=\"middle\">{label}</text>\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#333\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW / 2}\" y=\"{height - 16}\" text-anchor=\"middle\">percentile (log scale: 1/(1-p))</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(18,{top + plotH / 2}) rotate(-90)\" text-anchor=\"middle\">latency</text>\n");
        // Past the palette, colours repeat with a dash pattern; the legend tightens so up to ~40 series fit.
        double legendStep = series.Count == 0 ? 20 : Math.Min(20, (plotH - 10) / (double)series.Count);
        for (int i = 0; i < series.Count; i++)
        {
            string color = Palette[i % Palette.Length];
            string dash = (i / Palette.Length) switch { 0 => "", 1 => " stroke-dasharray=\"6,3\"", 2 => " stroke-dasharray=\"2,2\"", _ => " stroke-dasharray=\"8,2,2,2\"" };
            sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\"{dash} stroke-width=\"2\" points=\"");
            foreach (var (x, v) in points[i]) sb.Append(X(x)).Append(',').Append(Y(v)).Append(' ');
            sb.Append("\"/>\n");
            string ly2 = (top + 10 + i * legendStep).ToString("F1", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left + plotW + 12}\" y1=\"{ly2}\" x2=\"{left + plotW + 36}\" y2=\"{ly2}\" stroke=\"{color}\"{dash} stroke-width=\"3\"/>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW + 42}\" y=\"{ly2}\" font-size=\"{Math.Min(12, legendStep - 1):0.#}\" dominant-baseline=\"middle\">{Escape(series[i].Label)}</text>\n");
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
}
