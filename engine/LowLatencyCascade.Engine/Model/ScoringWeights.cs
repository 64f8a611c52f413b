using System.Text.Json;
using System.Text.Json.Serialization;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's component weights. Written by <c>fit-weights</c>, loaded by the scorer; the scorer always uses
/// the <see cref="Normalize">normalized</see> form, so any non-negative weights that are not all zero work.
/// File format: <c>{"velocity":..,"acceleration":..,"volume":..,"oi_change":..,"funding":..,"volatility":..}</c>,
/// the same names and order as a signal's <c>scores</c>.
/// </summary>
public sealed class ScoringWeights
{
    /// <summary>The six components.</summary>
    public const int Count = 6;

    /// <summary>The components' JSON names, in the spec's order (the order of <see cref="this[int]"/>).</summary>
    public static IReadOnlyList<string> Names { get; } = ["velocity", "acceleration", "volume", "oi_change", "funding", "volatility"];

    [JsonPropertyName("velocity")] public double Velocity { get; set; } = 0.25;
    [JsonPropertyName("acceleration")] public double Acceleration { get; set; } = 0.20;
    [JsonPropertyName("volume")] public double Volume { get; set; } = 0.20;
    [JsonPropertyName("oi_change")] public double OiChange { get; set; } = 0.15;
    [JsonPropertyName("funding")] public double Funding { get; set; } = 0.10;
    [JsonPropertyName("volatility")] public double Volatility { get; set; } = 0.10;

    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = true };

    [JsonIgnore] public double Sum => Velocity + Acceleration + Volume + OiChange + Funding + Volatility;

    /// <summary>The weight of component <paramref name="index"/> in <see cref="Names"/> order.</summary>
    public double this[int index] => index switch
    {
        0 => Velocity,
        1 => Acceleration,
        2 => Volume,
        3 => OiChange,
        4 => Funding,
        5 => Volatility,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Weights from six values in <see cref="Names"/> order.</summary>
    public static ScoringWeights FromSpan(ReadOnlySpan<double> w)
    {
        if (w.Length != Count) throw new ArgumentException($"need {Count} weights (got {w.Length})", nameof(w));
        return new() { Velocity = w[0], Acceleration = w[1], Volume = w[2], OiChange = w[3], Funding = w[4], Volatility = w[5] };
    }

    /// <summary>The file's text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, FileJson);

    /// <summary>Weights from a file's text; a missing component keeps the spec's default.</summary>
    public static ScoringWeights FromJson(string text) =>
        JsonSerializer.Deserialize<ScoringWeights>(text) ?? throw new InvalidDataException("empty weights file");

    /// <summary>Errors, each naming the key and the reason; empty when the weights are usable.</summary>
    public IReadOnlyList<string> Validate(string prefix = "Weights")
    {
        var errors = new List<string>();
        Check(errors, prefix, nameof(Velocity), Velocity);
        Check(errors, prefix, nameof(Acceleration), Acceleration);
        Check(errors, prefix, nameof(Volume), Volume);
        Check(errors, prefix, nameof(OiChange), OiChange);
        Check(errors, prefix, nameof(Funding), Funding);
        Check(errors, prefix, nameof(Volatility), Volatility);
        if (errors.Count == 0 && Sum <= 0) errors.Add($"{prefix}: all zero");
        return errors;
    }

    /// <summary>A copy scaled so the weights sum to 1 (the spec's "weights are automatically normalized").</summary>
    public ScoringWeights Normalize()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        double s = Sum;
        return new ScoringWeights
        {
            Velocity = Velocity / s,
            Acceleration = Acceleration / s,
            Volume = Volume / s,
            OiChange = OiChange / s,
            Funding = Funding / s,
            Volatility = Volatility / s,
        };
    }

    public ScoringWeights Clone() => (ScoringWeights)MemberwiseClone();

    public static ScoringWeights Load(string path)
    {
        ScoringWeights? w;
        try
        {
            w = JsonSerializer.Deserialize<ScoringWeights>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a weights file: {e.Message}", e);
        }
        if (w is null) throw new InvalidDataException($"{path}: empty weights file");
        var errors = w.Validate();
        if (errors.Count > 0) throw new InvalidDataException($"{path}: {string.Join("; ", errors)}");
        return w;
    }

    public void Save(string path) => File.WriteAllText(path, ToJson());

    private static void Check(List<string> errors, string prefix, string key, double value)
    {
        if (!double.IsFinite(value) || value < 0) errors.Add($"{prefix}:{key}: must be >= 0 (was {value})");
    }
}
