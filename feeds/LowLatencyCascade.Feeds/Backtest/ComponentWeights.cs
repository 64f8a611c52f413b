using System.Text;
using System.Text.Json;

namespace LowLatencyCascade.Feeds.Backtest;

/// <summary>
/// The six component weights of the cascade score, in the spec's order and under its JSON names
/// (<c>{"velocity":..,"acceleration":..,"volume":..,"oi_change":..,"funding":..,"volatility":..}</c>),
/// the file the scorer loads.
/// </summary>
public sealed record ComponentWeights(double Velocity, double Acceleration, double Volume, double OiChange, double Funding, double Volatility)
{
    public const int Count = 6;

    public static readonly string[] Names = ["velocity", "acceleration", "volume", "oi_change", "funding", "volatility"];

    /// <summary>The spec's defaults.</summary>
    public static ComponentWeights Default { get; } = new(0.25, 0.20, 0.20, 0.15, 0.10, 0.10);

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

    public static ComponentWeights FromSpan(ReadOnlySpan<double> w) => new(w[0], w[1], w[2], w[3], w[4], w[5]);

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            for (int i = 0; i < Count; i++) json.WriteNumber(Names[i], this[i]);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static ComponentWeights FromJson(string text)
    {
        using var doc = JsonDocument.Parse(text);
        Span<double> w = stackalloc double[Count];
        for (int i = 0; i < Count; i++) w[i] = doc.RootElement.GetProperty(Names[i]).GetDouble();
        return FromSpan(w);
    }
}
