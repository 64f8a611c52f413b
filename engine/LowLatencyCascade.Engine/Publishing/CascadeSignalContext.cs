using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>The signal JSON's <c>context</c> object; every field is optional.</summary>
public sealed record CascadeSignalContext(
    string? VolatilityRegime,
    double? BtcPrice,
    double? VolRiskMultiplier,
    string? LeadingExchange,
    double? ExchangeCorrelation,
    string? LiquidityRegime = null,
    string? TrendRegime = null,
    double? RegimeConfidence = null,
    double? PositionSizeMultiplier = null,
    double? StopLossMultiplier = null)
{
    internal static CascadeSignalContext From(JsonElement root)
    {
        if (!root.TryGetProperty("context", out var c) || c.ValueKind != JsonValueKind.Object)
            return new CascadeSignalContext(null, null, null, null, null);
        return new CascadeSignalContext(
            String(c, "volatility_regime"), Number(c, "btc_price"), Number(c, "vol_risk_multiplier"),
            String(c, "leading_exchange"), Number(c, "exchange_correlation"),
            String(c, "liquidity_regime"), String(c, "trend_regime"), Number(c, "regime_confidence"),
            Number(c, "position_size_multiplier"), Number(c, "stop_loss_multiplier"));
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static double? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
}
