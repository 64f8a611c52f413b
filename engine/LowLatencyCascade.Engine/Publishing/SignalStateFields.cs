using System.Text.Json;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// The fields of a signal's <c>metrics</c> and <c>context</c> that feed the spec's state keys
/// (<c>velocity:{symbol}:current</c>, <c>volatility:btc:current</c>, <c>oi:{symbol}:change</c>,
/// <c>funding:{symbol}:current</c>). Read with <see cref="Utf8JsonReader"/> on the sink thread; a field the
/// signal does not carry stays null and is not written.
/// </summary>
internal struct SignalStateFields
{
    public double? Velocity;
    public double? Acceleration;
    public double? VolumeUsd;
    public double? OiChange1m;
    public double? OiChange5m;
    public double? FundingRate;
    public string? VolatilityRegime;
    public double? BtcPrice;
    public double? VolRiskMultiplier;
    public double? ExchangeCorrelation;

    public static bool TryRead(ReadOnlySpan<byte> json, out SignalStateFields fields)
    {
        fields = default;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("metrics"u8)) { reader.Read(); ReadMetrics(ref reader, ref fields); }
                else if (reader.ValueTextEquals("context"u8)) { reader.Read(); ReadContext(ref reader, ref fields); }
                else { reader.Read(); reader.Skip(); }
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ReadMetrics(ref Utf8JsonReader reader, ref SignalStateFields f)
    {
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("velocity"u8)) f.Velocity = Number(ref reader);
            else if (reader.ValueTextEquals("acceleration"u8)) f.Acceleration = Number(ref reader);
            else if (reader.ValueTextEquals("volume_usd"u8)) f.VolumeUsd = Number(ref reader);
            else if (reader.ValueTextEquals("oi_change_1m"u8)) f.OiChange1m = Number(ref reader);
            else if (reader.ValueTextEquals("oi_change_5m"u8)) f.OiChange5m = Number(ref reader);
            else if (reader.ValueTextEquals("funding_rate"u8)) f.FundingRate = Number(ref reader);
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static void ReadContext(ref Utf8JsonReader reader, ref SignalStateFields f)
    {
        if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); return; }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("volatility_regime"u8))
            {
                reader.Read();
                f.VolatilityRegime = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("btc_price"u8)) f.BtcPrice = Number(ref reader);
            else if (reader.ValueTextEquals("vol_risk_multiplier"u8)) f.VolRiskMultiplier = Number(ref reader);
            else if (reader.ValueTextEquals("exchange_correlation"u8)) f.ExchangeCorrelation = Number(ref reader);
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static double? Number(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number) return reader.GetDouble();
        reader.Skip();
        return null;
    }
}
