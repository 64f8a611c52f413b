using System.Text.Json;
using System.Text.Json.Serialization;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Per-symbol velocity and volume scales (the spec's P1.1 symbol-specific normalization), written by the
/// <c>calibrate</c> command. When a symbol has an entry, the scorer uses these scales instead of the
/// baseline-derived ones (still multiplied by the regime table). File format:
/// <c>{"symbols":{"BTCUSDT":{"velocity_scale":0.8,"volume_scale":400000}}}</c>.
/// </summary>
public sealed class SymbolCalibration
{
    public sealed class Entry
    {
        /// <summary>Liquidations/s (10 s window) for a full velocity score; 0 = not calibrated.</summary>
        [JsonPropertyName("velocity_scale")] public double VelocityScale { get; set; }
        /// <summary>Liquidated USD/s for a full volume score; 0 = not calibrated.</summary>
        [JsonPropertyName("volume_scale")] public double VolumeScale { get; set; }
    }

    [JsonPropertyName("symbols")]
    public Dictionary<string, Entry> Symbols { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = true };

    public bool TryGet(string symbol, out Entry entry)
    {
        if (Symbols.TryGetValue(symbol, out var e)) { entry = e; return true; }
        entry = null!;
        return false;
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (symbol, e) in Symbols)
        {
            if (!double.IsFinite(e.VelocityScale) || e.VelocityScale < 0)
                errors.Add($"symbols:{symbol}:velocity_scale: must be >= 0 (was {e.VelocityScale})");
            if (!double.IsFinite(e.VolumeScale) || e.VolumeScale < 0)
                errors.Add($"symbols:{symbol}:volume_scale: must be >= 0 (was {e.VolumeScale})");
        }
        return errors;
    }

    public static SymbolCalibration Load(string path)
    {
        SymbolCalibration? c;
        try
        {
            c = JsonSerializer.Deserialize<SymbolCalibration>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a calibration file: {e.Message}", e);
        }
        if (c is null) throw new InvalidDataException($"{path}: empty calibration file");
        // The deserializer builds its own dictionary: make lookups case-insensitive like the symbol table.
        c.Symbols = new Dictionary<string, Entry>(c.Symbols, StringComparer.OrdinalIgnoreCase);
        var errors = c.Validate();
        if (errors.Count > 0) throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
        return c;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, FileJson));
}
