using System.Text.Json;
using System.Text.Json.Serialization;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Per-symbol velocity and volume scales and, where the symbol's history supported it, level thresholds (the spec's
/// P1.1 symbol-specific normalization), written by the <c>calibrate</c> command. When a symbol has an entry, the scorer
/// uses these scales instead of the baseline-derived ones (still multiplied by the regime table), and its thresholds
/// (still divided by the regime's cascade sensitivity) instead of its tier's. File format:
/// <c>{"symbols":{"BTCUSDT":{"velocity_scale":0.8,"volume_scale":400000,
/// "thresholds":{"watch":0.32,"alert":0.52,"critical":0.72,"extreme":0.92},"minutes":240,"liquidations":812}}}</c>;
/// <c>thresholds</c> absent (or null) = the tier's. Unknown fields are an error (a misspelt field would be ignored silently).
/// </summary>
public sealed class SymbolCalibration
{
    public sealed class Entry
    {
        /// <summary>Liquidations/s (10 s window) for a full velocity score; 0 = not calibrated.</summary>
        [JsonPropertyName("velocity_scale")] public double VelocityScale { get; set; }
        /// <summary>Liquidated USD/s for a full volume score; 0 = not calibrated.</summary>
        [JsonPropertyName("volume_scale")] public double VolumeScale { get; set; }
        /// <summary>The symbol's own level thresholds; null = its tier's (<c>Model:Priors:&lt;Tier&gt;:Thresholds</c>), else the model's.</summary>
        [JsonPropertyName("thresholds")] public Levels? Thresholds { get; set; }
        /// <summary>Informational: minutes of the history with at least one liquidation of the symbol.</summary>
        [JsonPropertyName("minutes")] public int Minutes { get; set; }
        /// <summary>Informational: liquidations of the symbol in the history.</summary>
        [JsonPropertyName("liquidations")] public long Liquidations { get; set; }
    }

    /// <summary>A symbol's own thresholds, in the file's lower-case names.</summary>
    public sealed class Levels
    {
        [JsonPropertyName("watch")] public double Watch { get; set; }
        [JsonPropertyName("alert")] public double Alert { get; set; }
        [JsonPropertyName("critical")] public double Critical { get; set; }
        [JsonPropertyName("extreme")] public double Extreme { get; set; }

        public SignalThresholds ToThresholds() => new() { Watch = Watch, Alert = Alert, Critical = Critical, Extreme = Extreme };
        public static Levels From(SignalThresholds t) => new() { Watch = t.Watch, Alert = t.Alert, Critical = t.Critical, Extreme = t.Extreme };
    }

    [JsonPropertyName("symbols")]
    public Dictionary<string, Entry> Symbols { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    private static readonly JsonSerializerOptions FileJson = new()
    {
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

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
            if (e is null)
            {
                errors.Add($"symbols:{symbol}: must be an object with velocity_scale, volume_scale (was null)");
                continue;
            }
            e.Thresholds?.ToThresholds().Validate(errors, $"symbols:{symbol}:thresholds", lowerCase: true);
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
            c = JsonSerializer.Deserialize<SymbolCalibration>(File.ReadAllText(path), FileJson);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a calibration file: {e.Message}", e);
        }
        if (c is null) throw new InvalidDataException($"{path}: empty calibration file");
        if (c.Symbols is null) throw new InvalidDataException($"{path}: symbols: must be an object (was null)");
        // The deserializer builds its own dictionary: make lookups case-insensitive like the symbol table.
        c.Symbols = new Dictionary<string, Entry>(c.Symbols, StringComparer.OrdinalIgnoreCase);
        var errors = c.Validate();
        if (errors.Count > 0) throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
        return c;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, FileJson));
}
