using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// A received signal, typed: the spec's signal JSON as subscribers see it. Parsing tolerates fields it does not
/// know (the model may add metrics), and requires the ones every consumer relies on.
/// </summary>
public sealed record CascadeSignalEnvelope(
    string Symbol,
    double Timestamp,
    string Signal,
    SignalLevel SignalLevel,
    double Probability,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyDictionary<string, double> Metrics,
    CascadeSignalContext Context,
    string Json)
{
    /// <summary>Parses the spec's signal JSON; false with a reason when a required field is missing or mistyped.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out CascadeSignalEnvelope? signal, out string? error)
    {
        signal = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = "signal JSON is not an object"; return false; }
            if (!TryString(root, "symbol", out string? symbol, out error)) return false;
            if (!TryNumber(root, "timestamp", out double timestamp, out error)) return false;
            if (!TryString(root, "signal", out string? name, out error)) return false;
            if (!TryNumber(root, "signal_level", out double levelNumber, out error)) return false;
            if (!TryNumber(root, "probability", out double probability, out error)) return false;
            if (levelNumber is < 0 or >= SignalLevels.Count || levelNumber != Math.Floor(levelNumber))
            {
                error = $"signal_level {levelNumber} is not a level (0..{SignalLevels.Count - 1})";
                return false;
            }
            var level = (SignalLevel)(int)levelNumber;
            if (!SignalLevels.TryParse(name!, out var named) || named != level)
            {
                error = $"signal \"{name}\" does not match signal_level {(int)level}";
                return false;
            }
            signal = new CascadeSignalEnvelope(symbol!, timestamp, name!, level, probability,
                Numbers(root, "scores"), Numbers(root, "metrics"), CascadeSignalContext.From(root), System.Text.Encoding.UTF8.GetString(json));
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"malformed signal JSON: {ex.Message}";
            return false;
        }
    }

    public static CascadeSignalEnvelope Parse(ReadOnlySpan<byte> json) =>
        TryParse(json, out var signal, out string? error) ? signal! : throw new FormatException(error);

    private static bool TryString(JsonElement root, string name, out string? value, out string? error)
    {
        value = null;
        if (!root.TryGetProperty(name, out var e)) { error = $"missing field \"{name}\""; return false; }
        if (e.ValueKind != JsonValueKind.String) { error = $"field \"{name}\" is {e.ValueKind}, expected a string"; return false; }
        value = e.GetString();
        error = null;
        return true;
    }

    private static bool TryNumber(JsonElement root, string name, out double value, out string? error)
    {
        value = 0;
        if (!root.TryGetProperty(name, out var e)) { error = $"missing field \"{name}\""; return false; }
        if (e.ValueKind != JsonValueKind.Number) { error = $"field \"{name}\" is {e.ValueKind}, expected a number"; return false; }
        value = e.GetDouble();
        error = null;
        return true;
    }

    private static Dictionary<string, double> Numbers(JsonElement root, string name)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out var obj) && obj.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in obj.EnumerateObject())
                if (p.Value.ValueKind == JsonValueKind.Number) result[p.Name] = p.Value.GetDouble();
        }
        return result;
    }
}
