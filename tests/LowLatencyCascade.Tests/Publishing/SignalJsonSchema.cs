using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>
/// The spec's signal message schema (cascade-signal-system.md, "Example Signal Message") as checks: required
/// fields, their JSON types and ranges. Extra fields are allowed. Returns every violation, not just the first.
/// </summary>
internal static class SignalJsonSchema
{
    private static readonly string[] Scores = ["velocity", "acceleration", "volume", "oi_change", "funding", "volatility"];
    private static readonly string[] Metrics = ["velocity", "acceleration", "volume_usd", "oi_change_1m", "funding_rate"];

    public static List<string> Violations(string json)
    {
        var errors = new List<string>();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException ex) { errors.Add($"not JSON: {ex.Message}"); return errors; }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { errors.Add("root is not an object"); return errors; }
            Require(root, "symbol", JsonValueKind.String, errors);
            Require(root, "timestamp", JsonValueKind.Number, errors);
            Require(root, "signal", JsonValueKind.String, errors);
            Require(root, "signal_level", JsonValueKind.Number, errors);
            Require(root, "probability", JsonValueKind.Number, errors);
            if (root.TryGetProperty("signal_level", out var lvl) && lvl.ValueKind == JsonValueKind.Number)
            {
                if (!lvl.TryGetInt32(out int n) || n is < 0 or > 4) errors.Add($"signal_level {lvl} is not an integer 0-4");
                else if (root.TryGetProperty("signal", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() != SignalLevels.Name((SignalLevel)n))
                    errors.Add($"signal \"{name.GetString()}\" does not name signal_level {n}");
            }
            if (root.TryGetProperty("probability", out var p) && p.ValueKind == JsonValueKind.Number && p.GetDouble() is < 0 or > 1)
                errors.Add($"probability {p.GetDouble()} is outside [0, 1]");
            if (root.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.Number && t.GetDouble() < 1e9)
                errors.Add($"timestamp {t.GetDouble()} is not Unix seconds");
            NumbersObject(root, "scores", Scores, errors);
            NumbersObject(root, "metrics", Metrics, errors);
            if (Require(root, "context", JsonValueKind.Object, errors))
            {
                var c = root.GetProperty("context");
                Require(c, "volatility_regime", JsonValueKind.String, errors, "context.");
                Require(c, "btc_price", JsonValueKind.Number, errors, "context.");
                Require(c, "vol_risk_multiplier", JsonValueKind.Number, errors, "context.");
                // null when no venue led the window (a signal scored from one venue's quiet tape): allowed.
                if (!c.TryGetProperty("leading_exchange", out var lead)) errors.Add("missing context.leading_exchange");
                else if (lead.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)) errors.Add($"context.leading_exchange is {lead.ValueKind}, expected String or Null");
                Require(c, "exchange_correlation", JsonValueKind.Number, errors, "context.");
                OneOf(c, "volatility_regime", Regimes, errors);
                OneOf(c, "liquidity_regime", Liquidity, errors);
                OneOf(c, "trend_regime", Trends, errors);
                if (Require(c, "regime_confidence", JsonValueKind.Number, errors, "context.") && c.GetProperty("regime_confidence").GetDouble() is < 0 or > 1)
                    errors.Add($"context.regime_confidence {c.GetProperty("regime_confidence").GetDouble()} is outside [0, 1]");
                foreach (var m in new[] { "position_size_multiplier", "stop_loss_multiplier" })
                {
                    if (Require(c, m, JsonValueKind.Number, errors, "context.") && c.GetProperty(m).GetDouble() < 0)
                        errors.Add($"context.{m} {c.GetProperty(m).GetDouble()} is negative");
                }
            }
        }
        return errors;
    }

    private static readonly string[] Regimes = ["DORMANT", "LOW", "NORMAL", "ELEVATED", "HIGH", "EXTREME"];
    private static readonly string[] Liquidity = ["DEEP", "NORMAL", "SHALLOW", "ILLIQUID"];
    private static readonly string[] Trends = ["STRONG_UP", "UP", "RANGING", "DOWN", "STRONG_DOWN"];

    private static void OneOf(JsonElement obj, string name, string[] allowed, List<string> errors)
    {
        if (!Require(obj, name, JsonValueKind.String, errors, "context.")) return;
        string value = obj.GetProperty(name).GetString()!;
        if (Array.IndexOf(allowed, value) < 0) errors.Add($"context.{name} \"{value}\" is not one of {string.Join(", ", allowed)}");
    }

    private static void NumbersObject(JsonElement root, string name, string[] fields, List<string> errors)
    {
        if (!Require(root, name, JsonValueKind.Object, errors)) return;
        var obj = root.GetProperty(name);
        foreach (var f in fields) Require(obj, f, JsonValueKind.Number, errors, name + ".");
    }

    private static bool Require(JsonElement obj, string name, JsonValueKind kind, List<string> errors, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var e)) { errors.Add($"missing {prefix}{name}"); return false; }
        if (e.ValueKind != kind) { errors.Add($"{prefix}{name} is {e.ValueKind}, expected {kind}"); return false; }
        return true;
    }
}
