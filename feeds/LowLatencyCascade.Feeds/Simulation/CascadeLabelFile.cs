using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>
/// Labels as JSON Lines, one episode per line:
/// <c>{"symbol":"BTCUSDT","start_ms":..,"peak_ms":..,"end_ms":..,"is_cascade":true,"episode":1,"side":"long"}</c>.
/// <c>side</c> is <c>long</c> (longs liquidated, a sell-off) or <c>short</c> (a squeeze); <c>episode</c> numbers
/// the market-wide event the line belongs to (the same for every symbol it swept).
/// </summary>
public static class CascadeLabelFile
{
    public const string DefaultFileName = "labels.jsonl";

    public static void Write(string path, IEnumerable<CascadeLabel> labels)
    {
        using var stream = File.Create(path);
        var line = new MemoryStream();
        foreach (var label in labels)
        {
            line.SetLength(0);
            using (var json = new Utf8JsonWriter(line))
            {
                json.WriteStartObject();
                json.WriteString("symbol", label.Symbol);
                json.WriteNumber("start_ms", label.StartMs);
                json.WriteNumber("peak_ms", label.PeakMs);
                json.WriteNumber("end_ms", label.EndMs);
                json.WriteBoolean("is_cascade", label.IsCascade);
                json.WriteNumber("episode", label.Episode);
                json.WriteString("side", label.LiquidatedSide == Side.Short ? "short" : "long");
                json.WriteEndObject();
            }
            line.WriteByte((byte)'\n');
            stream.Write(line.GetBuffer(), 0, (int)line.Length);
        }
    }

    /// <summary>Reads a label file; a line that is not a valid label throws <see cref="FormatException"/> naming the line.</summary>
    public static IReadOnlyList<CascadeLabel> Read(string path)
    {
        var labels = new List<CascadeLabel>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                labels.Add(new CascadeLabel(
                    root.GetProperty("symbol").GetString() ?? throw new FormatException("symbol is null"),
                    root.GetProperty("start_ms").GetInt64(),
                    root.GetProperty("peak_ms").GetInt64(),
                    root.GetProperty("end_ms").GetInt64(),
                    !root.TryGetProperty("is_cascade", out var c) || c.GetBoolean(),
                    root.TryGetProperty("episode", out var e) ? e.GetInt32() : 0,
                    root.TryGetProperty("side", out var s) && s.GetString() == "short" ? Side.Short : Side.Long));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"{path}:{lineNumber}: not a cascade label ({ex.Message})", ex);
            }
        }
        return labels;
    }
}
