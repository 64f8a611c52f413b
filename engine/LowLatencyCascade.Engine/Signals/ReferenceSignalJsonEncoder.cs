using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>
/// The signal message written with <see cref="Utf8JsonWriter"/>: the straightforward encoding, kept as the oracle
/// that <see cref="SignalJsonEncoder"/> (which writes the same bytes directly) is tested against, and as its
/// benchmark baseline. Not used on the hot path.
/// <para>
/// Encodes a scored slot as the spec's signal message, field for field, followed by a <c>rationale</c> object:
/// <code>
/// {"symbol":"BTCUSDT","timestamp":1698765432.123,"signal":"CRITICAL","signal_level":3,"probability":0.7521,
///  "scores":{"velocity":..,"acceleration":..,"volume":..,"oi_change":..,"funding":..,"volatility":..},
///  "metrics":{"velocity":..,"acceleration":..,"volume_usd":..,"oi_change_1m":..,"oi_change_5m":..,"funding_rate":..},
///  "context":{"volatility_regime":"HIGH","btc_price":..,"vol_risk_multiplier":..,"leading_exchange":"binance","exchange_correlation":..,
///             "liquidity_regime":"NORMAL","trend_regime":"RANGING","regime_confidence":0.7,"position_size_multiplier":1,"stop_loss_multiplier":1},
///  "meta":{"processing_time_ms":..,"warm":true,"warmup_progress":1},
///  "rationale":{"drivers":["velocity"],"boosts":["nonlinear"],"dampers":[],"override":null,"market_regime":"NORMAL","market_factor":1,"warm":true},
///  "feeds":{"fresh":["binance","bybit"],"degraded":false,"reasons":[]}}
/// </code>
/// One buffer and one writer, reused: 0 B per call. Not thread-safe (one encoder per publishing thread); the
/// returned span is valid until the next call. Everything but <c>processing_time_ms</c> is deterministic.
/// </para>
/// </summary>
public sealed class ReferenceSignalJsonEncoder : LowLatencyCascade.Engine.Publishing.ISignalEncoder
{
    private static readonly JsonEncodedText Symbol = JsonEncodedText.Encode("symbol");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText Signal = JsonEncodedText.Encode("signal");
    private static readonly JsonEncodedText SignalLevelName = JsonEncodedText.Encode("signal_level");
    private static readonly JsonEncodedText Probability = JsonEncodedText.Encode("probability");
    private static readonly JsonEncodedText Scores = JsonEncodedText.Encode("scores");
    private static readonly JsonEncodedText Velocity = JsonEncodedText.Encode("velocity");
    private static readonly JsonEncodedText Acceleration = JsonEncodedText.Encode("acceleration");
    private static readonly JsonEncodedText Volume = JsonEncodedText.Encode("volume");
    private static readonly JsonEncodedText OiChange = JsonEncodedText.Encode("oi_change");
    private static readonly JsonEncodedText Funding = JsonEncodedText.Encode("funding");
    private static readonly JsonEncodedText Volatility = JsonEncodedText.Encode("volatility");
    private static readonly JsonEncodedText Metrics = JsonEncodedText.Encode("metrics");
    private static readonly JsonEncodedText VolumeUsd = JsonEncodedText.Encode("volume_usd");
    private static readonly JsonEncodedText OiChange1m = JsonEncodedText.Encode("oi_change_1m");
    private static readonly JsonEncodedText OiChange5m = JsonEncodedText.Encode("oi_change_5m");
    private static readonly JsonEncodedText FundingRate = JsonEncodedText.Encode("funding_rate");
    private static readonly JsonEncodedText Context = JsonEncodedText.Encode("context");
    private static readonly JsonEncodedText VolatilityRegime = JsonEncodedText.Encode("volatility_regime");
    private static readonly JsonEncodedText BtcPrice = JsonEncodedText.Encode("btc_price");
    private static readonly JsonEncodedText VolRiskMultiplier = JsonEncodedText.Encode("vol_risk_multiplier");
    private static readonly JsonEncodedText LeadingExchange = JsonEncodedText.Encode("leading_exchange");
    private static readonly JsonEncodedText ExchangeCorrelation = JsonEncodedText.Encode("exchange_correlation");
    private static readonly JsonEncodedText LiquidityRegimeName = JsonEncodedText.Encode("liquidity_regime");
    private static readonly JsonEncodedText TrendRegimeName = JsonEncodedText.Encode("trend_regime");
    private static readonly JsonEncodedText RegimeConfidence = JsonEncodedText.Encode("regime_confidence");
    private static readonly JsonEncodedText PositionSizeMultiplier = JsonEncodedText.Encode("position_size_multiplier");
    private static readonly JsonEncodedText StopLossMultiplier = JsonEncodedText.Encode("stop_loss_multiplier");
    private static readonly JsonEncodedText Meta = JsonEncodedText.Encode("meta");
    private static readonly JsonEncodedText ProcessingTimeMs = JsonEncodedText.Encode("processing_time_ms");
    private static readonly JsonEncodedText Rationale = JsonEncodedText.Encode("rationale");
    private static readonly JsonEncodedText Drivers = JsonEncodedText.Encode("drivers");
    private static readonly JsonEncodedText Boosts = JsonEncodedText.Encode("boosts");
    private static readonly JsonEncodedText Dampers = JsonEncodedText.Encode("dampers");
    private static readonly JsonEncodedText Override = JsonEncodedText.Encode("override");
    private static readonly JsonEncodedText MarketRegimeName = JsonEncodedText.Encode("market_regime");
    private static readonly JsonEncodedText MarketFactor = JsonEncodedText.Encode("market_factor");
    private static readonly JsonEncodedText Warm = JsonEncodedText.Encode("warm");
    private static readonly JsonEncodedText Feeds = JsonEncodedText.Encode("feeds");
    private static readonly JsonEncodedText Fresh = JsonEncodedText.Encode("fresh");
    private static readonly JsonEncodedText Degraded = JsonEncodedText.Encode("degraded");
    private static readonly JsonEncodedText Reasons = JsonEncodedText.Encode("reasons");
    private static readonly JsonEncodedText WarmupProgress = JsonEncodedText.Encode("warmup_progress");

    private readonly SymbolTable _symbols;
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;

    public ReferenceSignalJsonEncoder(SymbolTable symbols)
    {
        _symbols = symbols;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    public ReadOnlySpan<byte> Encode(ref MarketEvent slot)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        var w = _writer;
        ref readonly ScoreSnapshot s = ref slot.Model.Score;
        ref readonly VelocitySnapshot v = ref slot.Model.Velocity;
        ref readonly VolatilitySnapshot vol = ref slot.Model.Volatility;

        w.WriteStartObject();
        w.WriteString(Symbol, _symbols.Utf8NameOf(slot.SymbolId));
        FixedPointJson.Write(w, Timestamp, slot.EventTimeMs / 1000.0, 3);
        w.WriteString(Signal, SignalLevels.Utf8Name(slot.Signal.Level));
        w.WriteNumber(SignalLevelName, (int)slot.Signal.Level);
        FixedPointJson.Write(w, Probability, slot.Signal.Probability, 4);

        w.WriteStartObject(Scores);
        FixedPointJson.Write(w, Velocity, s.Velocity, 3);
        FixedPointJson.Write(w, Acceleration, s.Acceleration, 3);
        FixedPointJson.Write(w, Volume, s.Volume, 3);
        FixedPointJson.Write(w, OiChange, s.OiChange, 3);
        FixedPointJson.Write(w, Funding, s.Funding, 3);
        FixedPointJson.Write(w, Volatility, s.Volatility, 3);
        w.WriteEndObject();

        w.WriteStartObject(Metrics);
        FixedPointJson.Write(w, Velocity, v.Velocity10s, 4);
        FixedPointJson.Write(w, Acceleration, v.Acceleration, 4);
        FixedPointJson.Write(w, VolumeUsd, v.VolumeUsdPerSec, 2);
        FixedPointJson.Write(w, OiChange1m, s.OiChange1m, 6);
        FixedPointJson.Write(w, OiChange5m, s.OiChange5m, 6);
        FixedPointJson.Write(w, FundingRate, s.FundingRate, 8);
        w.WriteEndObject();

        w.WriteStartObject(Context);
        w.WriteString(VolatilityRegime, MarketRegimes.Utf8Name(vol.Regime));
        FixedPointJson.Write(w, BtcPrice, vol.BtcPrice, 2);
        FixedPointJson.Write(w, VolRiskMultiplier, vol.RiskMultiplier, 4);
        if (v.HasLeadingExchange) w.WriteString(LeadingExchange, ExchangeInfo.Utf8Name(v.LeadingExchange));
        else w.WriteNull(LeadingExchange);
        FixedPointJson.Write(w, ExchangeCorrelation, v.ExchangeCorrelation, 4);
        ref readonly RegimeSnapshot regime = ref slot.Model.Regime;
        w.WriteString(LiquidityRegimeName, LiquidityRegimes.Utf8Name(regime.Liquidity));
        w.WriteString(TrendRegimeName, TrendRegimes.Utf8Name(regime.Trend));
        FixedPointJson.Write(w, RegimeConfidence, regime.Confidence, 4);
        FixedPointJson.Write(w, PositionSizeMultiplier, regime.PositionSizeMultiplier, 4);
        FixedPointJson.Write(w, StopLossMultiplier, regime.StopLossMultiplier, 4);
        w.WriteEndObject();

        w.WriteStartObject(Meta);
        FixedPointJson.Write(w, ProcessingTimeMs, SignalStats.ProcessingTimeMs(ref slot), 3);
        w.WriteBoolean(Warm, s.Warm);
        FixedPointJson.Write(w, WarmupProgress, s.WarmupProgress, 3);
        w.WriteEndObject();

        w.WriteStartObject(Rationale);
        w.WriteStartArray(Drivers);
        for (var c = ScoreComponents.Velocity; c <= ScoreComponents.Volatility; c = (ScoreComponents)((int)c << 1))
        {
            if ((s.Drivers & c) != 0) w.WriteStringValue(SignalRationaleNames.Component(c));
        }
        w.WriteEndArray();
        WriteAdjustments(w, Boosts, s.Adjustments & SignalRationaleNames.Boosts);
        WriteAdjustments(w, Dampers, s.Adjustments & SignalRationaleNames.Dampers);
        if (s.Override == LevelOverride.None) w.WriteNull(Override);
        else w.WriteString(Override, SignalRationaleNames.Override(s.Override));
        w.WriteString(MarketRegimeName, MarketRegimes.Utf8Name(slot.Model.Regime.Regime));
        FixedPointJson.Write(w, MarketFactor, s.MarketFactor, 4);
        w.WriteBoolean(Warm, s.Warm);
        w.WriteEndObject();

        ref readonly FeedHealthAnnotation feeds = ref slot.Signal.Feeds;
        w.WriteStartObject(Feeds);
        w.WriteStartArray(Fresh);
        for (var e = (Exchange)0; (int)e < ExchangeInfo.Count; e++)
        {
            if ((feeds.Fresh & FeedHealthAnnotation.Bit(e)) != 0) w.WriteStringValue(ExchangeInfo.Utf8Name(e));
        }
        w.WriteEndArray();
        w.WriteBoolean(Degraded, feeds.Degraded);
        w.WriteStartArray(Reasons);
        for (var e = (Exchange)0; (int)e < ExchangeInfo.Count; e++)
        {
            for (byte r = FeedHealthNames.Red; r <= FeedHealthNames.Gap; r <<= 1)
            {
                if (FeedHealthNames.Has(feeds, e, r)) w.WriteStringValue(FeedHealthNames.Reason(e, r));
            }
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenSpan;
    }

    private static void WriteAdjustments(Utf8JsonWriter w, JsonEncodedText name, ProbabilityAdjustments set)
    {
        w.WriteStartArray(name);
        for (var a = ProbabilityAdjustments.Nonlinear; a <= SignalRationaleNames.Last; a = (ProbabilityAdjustments)((int)a << 1))
        {
            if ((set & a) != 0) w.WriteStringValue(SignalRationaleNames.Adjustment(a));
        }
        w.WriteEndArray();
    }
}
