using System.Text.Json;
using System.Text.Json.Serialization;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// The spec's component weights. Written by <c>fit-weights</c>, loaded by the scorer; the scorer always uses
/// the <see cref="Normalize">normalized</see> form, so any non-negative weights that are not all zero work.
/// File format: <c>{"velocity":..,"acceleration":..,"volume":..,"oi_change":..,"funding":..,"volatility":..}</c>.
/// </summary>
public sealed class ScoringWeights
{
    [JsonPropertyName("velocity")] public double Velocity { get; set; } = 0.25;
    [JsonPropertyName("acceleration")] public double Acceleration { get; set; } = 0.20;
    [JsonPropertyName("volume")] public double Volume { get; set; } = 0.20;
    [JsonPropertyName("oi_change")] public double OiChange { get; set; } = 0.15;
    [JsonPropertyName("funding")] public double Funding { get; set; } = 0.10;
    [JsonPropertyName("volatility")] public double Volatility { get; set; } = 0.10;

    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = true };

    public double Sum => Velocity + Acceleration + Volume + OiChange + Funding + Volatility;

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

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, FileJson));

    private static void Check(List<string> errors, string prefix, string key, double value)
    {
        if (!double.IsFinite(value) || value < 0) errors.Add($"{prefix}:{key}: must be >= 0 (was {value})");
    }
}
