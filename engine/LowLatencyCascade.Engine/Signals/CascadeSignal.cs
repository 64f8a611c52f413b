using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>
/// The signal message as a typed object, for subscribers, tests and backtests: <see cref="Parse"/> reads what
/// <see cref="SignalJsonEncoder"/> writes (allocates; not for the hot path).
/// </summary>
public sealed record CascadeSignal(
    string Symbol,
    double Timestamp,
    SignalLevel Level,
    double Probability,
    CascadeSignal.ComponentScores Scores,
    CascadeSignal.SignalMetrics Metrics,
    CascadeSignal.SignalContext Context,
    double ProcessingTimeMs,
    CascadeSignal.SignalRationale Rationale,
    double WarmupProgress = 1,
    CascadeSignal.FeedHealth? Feeds = null)
{
    /// <summary>The model was warm when it scored this (<c>meta.warm</c>, also <c>rationale.warm</c>).</summary>
    public bool Warm => Rationale.Warm;

    /// <summary>The <c>feeds</c> object: venues fresh at the signal, whether its view was degraded, and why (<c>okx:red</c>...).</summary>
    public sealed record FeedHealth(IReadOnlyList<string> Fresh, bool Degraded, IReadOnlyList<string> Reasons);

    public sealed record ComponentScores(double Velocity, double Acceleration, double Volume, double OiChange, double Funding, double Volatility);

    public sealed record SignalMetrics(double Velocity, double Acceleration, double VolumeUsd, double OiChange1m, double OiChange5m, double FundingRate);

    /// <summary>
    /// The <c>context</c> object. The regime fields (<c>liquidity_regime</c>, <c>trend_regime</c>, <c>regime_confidence</c>,
    /// <c>position_size_multiplier</c>, <c>stop_loss_multiplier</c>) are null only in signals recorded before the encoder wrote them.
    /// </summary>
    public sealed record SignalContext(string VolatilityRegime, double BtcPrice, double VolRiskMultiplier, string? LeadingExchange, double ExchangeCorrelation,
        string? LiquidityRegime = null, string? TrendRegime = null, double? RegimeConfidence = null,
        double? PositionSizeMultiplier = null, double? StopLossMultiplier = null);

    public sealed record SignalRationale(
        IReadOnlyList<string> Drivers, IReadOnlyList<string> Boosts, IReadOnlyList<string> Dampers, string? Override,
        string MarketRegime, double MarketFactor, bool Warm);

    /// <summary>Event time in Unix milliseconds.</summary>
    public long TimestampMs => (long)Math.Round(Timestamp * 1000);

    /// <summary>Parses one signal message. Throws <see cref="FormatException"/> naming the missing or bad field.</summary>
    public static CascadeSignal Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"signal: not JSON: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            string levelName = Str(root, "signal");
            if (!SignalLevels.TryParse(levelName, out var level)) throw new FormatException($"signal: unknown level '{levelName}'");
            var scores = Obj(root, "scores");
            var metrics = Obj(root, "metrics");
            var context = Obj(root, "context");
            var rationale = Obj(root, "rationale");
            return new CascadeSignal(
                Str(root, "symbol"),
                Num(root, "timestamp"),
                level,
                Num(root, "probability"),
                new ComponentScores(Num(scores, "velocity"), Num(scores, "acceleration"), Num(scores, "volume"),
                    Num(scores, "oi_change"), Num(scores, "funding"), Num(scores, "volatility")),
                new SignalMetrics(Num(metrics, "velocity"), Num(metrics, "acceleration"), Num(metrics, "volume_usd"),
                    Num(metrics, "oi_change_1m"), Num(metrics, "oi_change_5m"), Num(metrics, "funding_rate")),
                new SignalContext(Str(context, "volatility_regime"), Num(context, "btc_price"), Num(context, "vol_risk_multiplier"),
                    NullableStr(context, "leading_exchange"), Num(context, "exchange_correlation"),
                    OptionalStr(context, "liquidity_regime"), OptionalStr(context, "trend_regime"), OptionalNum(context, "regime_confidence"),
                    OptionalNum(context, "position_size_multiplier"), OptionalNum(context, "stop_loss_multiplier")),
                Num(Obj(root, "meta"), "processing_time_ms"),
                new SignalRationale(Strings(rationale, "drivers"), Strings(rationale, "boosts"), Strings(rationale, "dampers"),
                    NullableStr(rationale, "override"), Str(rationale, "market_regime"), Num(rationale, "market_factor"),
                    Prop(rationale, "warm").ValueKind == JsonValueKind.True),
                // Absent in signals from before meta carried it: those came from a warm model or said otherwise in rationale.
                Obj(root, "meta").TryGetProperty("warmup_progress", out var progress) && progress.ValueKind == JsonValueKind.Number ? progress.GetDouble() : 1,
                root.TryGetProperty("feeds", out var feeds) && feeds.ValueKind == JsonValueKind.Object
                    ? new FeedHealth(Strings(feeds, "fresh"), Prop(feeds, "degraded").ValueKind == JsonValueKind.True, Strings(feeds, "reasons"))
                    : null);
        }
    }

    private static JsonElement Prop(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) ? p : throw new FormatException($"signal: missing field '{name}'");

    private static JsonElement Obj(JsonElement e, string name)
    {
        var p = Prop(e, name);
        return p.ValueKind == JsonValueKind.Object ? p : throw new FormatException($"signal: '{name}' is not an object");
    }

    private static double Num(JsonElement e, string name)
    {
        var p = Prop(e, name);
        return p.ValueKind == JsonValueKind.Number ? p.GetDouble() : throw new FormatException($"signal: '{name}' is not a number");
    }

    private static string Str(JsonElement e, string name)
    {
        var p = Prop(e, name);
        return p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new FormatException($"signal: '{name}' is not a string");
    }

    private static string? NullableStr(JsonElement e, string name)
    {
        var p = Prop(e, name);
        return p.ValueKind == JsonValueKind.Null ? null : Str(e, name);
    }

    /// <summary>Absent: null (older signals); present: must be a string.</summary>
    private static string? OptionalStr(JsonElement e, string name) => e.TryGetProperty(name, out _) ? Str(e, name) : null;

    /// <summary>Absent: null (older signals); present: must be a number.</summary>
    private static double? OptionalNum(JsonElement e, string name) => e.TryGetProperty(name, out _) ? Num(e, name) : null;

    private static string[] Strings(JsonElement e, string name)
    {
        var p = Prop(e, name);
        if (p.ValueKind != JsonValueKind.Array) throw new FormatException($"signal: '{name}' is not an array");
        var list = new string[p.GetArrayLength()];
        int i = 0;
        foreach (var item in p.EnumerateArray())
        {
            list[i++] = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw new FormatException($"signal: '{name}' holds a non-string");
        }
        return list;
    }
}
