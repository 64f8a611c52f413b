using System.Text.Json.Nodes;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// Compares a run's signals (JSON lines) with a golden file from an earlier run, ignoring the timing fields
/// (<c>meta.processing_time_ms</c>), and reports the first difference: line and field.
/// </summary>
public static class GoldenComparer
{
    /// <summary>Fields that measure this machine's speed, not the model's output.</summary>
    public static readonly string[] TimingFields = ["meta.processing_time_ms"];

    public sealed record Difference(int Line, string Field, string Expected, string Actual)
    {
        public override string ToString() => $"line {Line}: {Field}: golden {Expected}, this run {Actual}";
    }

    public static Difference? Compare(string goldenPath, string actualPath)
    {
        using var golden = new StreamReader(goldenPath);
        using var actual = new StreamReader(actualPath);
        for (int line = 1; ; line++)
        {
            string? g = golden.ReadLine(), a = actual.ReadLine();
            if (g is null && a is null) return null;
            if (g is null) return new Difference(line, "(line)", "end of file", Shorten(a!));
            if (a is null) return new Difference(line, "(line)", Shorten(g), "end of file");
            if (g == a) continue;
            JsonNode? gn, an;
            try { gn = JsonNode.Parse(g); an = JsonNode.Parse(a); }
            catch (System.Text.Json.JsonException) { return new Difference(line, "(json)", Shorten(g), Shorten(a)); }
            var diff = FirstDifference(gn, an, "");
            if (diff is not null) return new Difference(line, diff.Value.Path, diff.Value.Expected, diff.Value.Actual);
        }
    }

    private static (string Path, string Expected, string Actual)? FirstDifference(JsonNode? g, JsonNode? a, string path)
    {
        if (TimingFields.Contains(path)) return null;
        if (g is JsonObject go && a is JsonObject ao)
        {
            foreach (var (key, gv) in go)
            {
                string p = path.Length == 0 ? key : path + "." + key;
                if (TimingFields.Contains(p)) continue;
                if (!ao.TryGetPropertyValue(key, out var av)) return (p, Shorten(gv?.ToJsonString() ?? "null"), "missing");
                var d = FirstDifference(gv, av, p);
                if (d is not null) return d;
            }
            foreach (var (key, av) in ao)
            {
                string p = path.Length == 0 ? key : path + "." + key;
                if (!go.ContainsKey(key) && !TimingFields.Contains(p)) return (p, "missing", Shorten(av?.ToJsonString() ?? "null"));
            }
            return null;
        }
        if (g is JsonArray ga && a is JsonArray aa)
        {
            for (int i = 0; i < Math.Max(ga.Count, aa.Count); i++)
            {
                string p = $"{path}[{i}]";
                if (i >= ga.Count) return (p, "missing", Shorten(aa[i]?.ToJsonString() ?? "null"));
                if (i >= aa.Count) return (p, Shorten(ga[i]?.ToJsonString() ?? "null"), "missing");
                var d = FirstDifference(ga[i], aa[i], p);
                if (d is not null) return d;
            }
            return null;
        }
        string gs = g?.ToJsonString() ?? "null", s = a?.ToJsonString() ?? "null";
        return gs == s ? null : (path, Shorten(gs), Shorten(s));
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "...";
}
