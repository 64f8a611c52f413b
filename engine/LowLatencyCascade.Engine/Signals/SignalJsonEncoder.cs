using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>
/// Encodes a scored slot as the spec's signal message, field for field, followed by a <c>rationale</c> object and the <c>feeds</c> health object (<see cref="FeedHealthNames"/>):
/// <code>
/// {"symbol":"BTCUSDT","timestamp":1698765432.123,"signal":"CRITICAL","signal_level":3,"probability":0.7521,
///  "scores":{"velocity":..,"acceleration":..,"volume":..,"oi_change":..,"funding":..,"volatility":..},
///  "metrics":{"velocity":..,"acceleration":..,"volume_usd":..,"oi_change_1m":..,"oi_change_5m":..,"funding_rate":..},
///  "context":{"volatility_regime":"HIGH","btc_price":..,"vol_risk_multiplier":..,"leading_exchange":"binance","exchange_correlation":..,
///             "liquidity_regime":"NORMAL","trend_regime":"RANGING","regime_confidence":0.7,"position_size_multiplier":1,"stop_loss_multiplier":1},
///  "meta":{"processing_time_ms":..,"warm":true,"warmup_progress":1},
///  "rationale":{"drivers":["velocity"],"boosts":["nonlinear"],"dampers":[],"override":null,"market_regime":"NORMAL","market_factor":1,"warm":true},
///  "feeds":{"fresh":["binance","bybit"],"degraded":true,"reasons":["okx:red","okx:gap"]}}
/// </code>
/// The message's shape is fixed, so its text is written straight into one reused buffer: each key with its
/// punctuation is one literal copy, each number one <see cref="FixedPointJson.Format"/>. The bytes are exactly
/// those <see cref="ReferenceSignalJsonEncoder"/> writes with <see cref="Utf8JsonWriter"/> (tested on every signal
/// of a generated market), at a fraction of the cost. A symbol's quoted, escaped name is made once, the first time
/// the symbol signals. 0 B per call after that. Not thread-safe (one encoder per publishing thread); the returned
/// span is valid until the next call. Everything but <c>processing_time_ms</c> is deterministic.
/// </summary>
public sealed class SignalJsonEncoder : LowLatencyCascade.Engine.Publishing.ISignalEncoder
{
    /// <summary>Keys, literals and numbers of the longest message fit with room to spare (a message is about 700 bytes).</summary>
    private const int BufferBytes = 4096;

    /// <summary>Room one number needs (<see cref="FixedPointJson.Format"/> asks for 40).</summary>
    private const int NumberBytes = 40;

    private readonly SymbolTable _symbols;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly byte[]?[] _quotedNames;
    private int _pos;

    public SignalJsonEncoder(SymbolTable symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        _symbols = symbols;
        _quotedNames = new byte[symbols.Capacity][];
    }

    public ReadOnlySpan<byte> Encode(ref MarketEvent slot)
    {
        ref readonly ScoreSnapshot s = ref slot.Model.Score;
        ref readonly VelocitySnapshot v = ref slot.Model.Velocity;
        ref readonly VolatilitySnapshot vol = ref slot.Model.Volatility;
        _pos = 0;

        Raw("{\"symbol\":"u8);
        Raw(QuotedName(slot.SymbolId));
        Number(",\"timestamp\":"u8, slot.EventTimeMs / 1000.0, 3);
        Text(",\"signal\":"u8, SignalLevels.Utf8Name(slot.Signal.Level));
        Raw(",\"signal_level\":"u8);
        Integer((int)slot.Signal.Level);
        Number(",\"probability\":"u8, slot.Signal.Probability, 4);

        Number(",\"scores\":{\"velocity\":"u8, s.Velocity, 3);
        Number(",\"acceleration\":"u8, s.Acceleration, 3);
        Number(",\"volume\":"u8, s.Volume, 3);
        Number(",\"oi_change\":"u8, s.OiChange, 3);
        Number(",\"funding\":"u8, s.Funding, 3);
        Number(",\"volatility\":"u8, s.Volatility, 3);

        Number("},\"metrics\":{\"velocity\":"u8, v.Velocity10s, 4);
        Number(",\"acceleration\":"u8, v.Acceleration, 4);
        Number(",\"volume_usd\":"u8, v.VolumeUsdPerSec, 2);
        Number(",\"oi_change_1m\":"u8, s.OiChange1m, 6);
        Number(",\"oi_change_5m\":"u8, s.OiChange5m, 6);
        Number(",\"funding_rate\":"u8, s.FundingRate, 8);

        Text("},\"context\":{\"volatility_regime\":"u8, MarketRegimes.Utf8Name(vol.Regime));
        Number(",\"btc_price\":"u8, vol.BtcPrice, 2);
        Number(",\"vol_risk_multiplier\":"u8, vol.RiskMultiplier, 4);
        if (v.HasLeadingExchange) Text(",\"leading_exchange\":"u8, ExchangeInfo.Utf8Name(v.LeadingExchange));
        else Raw(",\"leading_exchange\":null"u8);
        Number(",\"exchange_correlation\":"u8, v.ExchangeCorrelation, 4);
        ref readonly RegimeSnapshot regime = ref slot.Model.Regime;
        Text(",\"liquidity_regime\":"u8, LiquidityRegimes.Utf8Name(regime.Liquidity));
        Text(",\"trend_regime\":"u8, TrendRegimes.Utf8Name(regime.Trend));
        Number(",\"regime_confidence\":"u8, regime.Confidence, 4);
        Number(",\"position_size_multiplier\":"u8, regime.PositionSizeMultiplier, 4);
        Number(",\"stop_loss_multiplier\":"u8, regime.StopLossMultiplier, 4);

        Number("},\"meta\":{\"processing_time_ms\":"u8, SignalStats.ProcessingTimeMs(ref slot), 3);
        Raw(s.Warm ? ",\"warm\":true"u8 : ",\"warm\":false"u8);
        Number(",\"warmup_progress\":"u8, s.WarmupProgress, 3);

        Raw("},\"rationale\":{\"drivers\":["u8);
        bool first = true;
        for (var c = ScoreComponents.Velocity; c <= ScoreComponents.Volatility; c = (ScoreComponents)((int)c << 1))
        {
            if ((s.Drivers & c) != 0) Element(ref first, SignalRationaleNames.Component(c));
        }
        Raw("],\"boosts\":["u8);
        Adjustments(s.Adjustments & SignalRationaleNames.Boosts);
        Raw("],\"dampers\":["u8);
        Adjustments(s.Adjustments & SignalRationaleNames.Dampers);
        if (s.Override == LevelOverride.None) Raw("],\"override\":null"u8);
        else Text("],\"override\":"u8, SignalRationaleNames.Override(s.Override));
        Text(",\"market_regime\":"u8, MarketRegimes.Utf8Name(slot.Model.Regime.Regime));
        Number(",\"market_factor\":"u8, s.MarketFactor, 4);
        Raw(s.Warm ? ",\"warm\":true}"u8 : ",\"warm\":false}"u8);

        ref readonly FeedHealthAnnotation feeds = ref slot.Signal.Feeds;
        Raw(",\"feeds\":{\"fresh\":["u8);
        first = true;
        for (var e = (Exchange)0; (int)e < ExchangeInfo.Count; e++)
        {
            if ((feeds.Fresh & FeedHealthAnnotation.Bit(e)) != 0) Element(ref first, ExchangeInfo.Utf8Name(e));
        }
        Raw(feeds.Degraded ? "],\"degraded\":true,\"reasons\":["u8 : "],\"degraded\":false,\"reasons\":["u8);
        first = true;
        for (var e = (Exchange)0; (int)e < ExchangeInfo.Count; e++)
        {
            for (byte r = FeedHealthNames.Red; r <= FeedHealthNames.Gap; r <<= 1)
            {
                if (FeedHealthNames.Has(feeds, e, r)) Element(ref first, FeedHealthNames.Reason(e, r));
            }
        }
        Raw("]}}"u8);
        return new ReadOnlySpan<byte>(_buffer, 0, _pos);
    }

    private void Adjustments(ProbabilityAdjustments set)
    {
        bool first = true;
        for (var a = ProbabilityAdjustments.Nonlinear; a <= SignalRationaleNames.Last; a = (ProbabilityAdjustments)((int)a << 1))
        {
            if ((set & a) != 0) Element(ref first, SignalRationaleNames.Adjustment(a));
        }
    }

    /// <summary>The symbol as a JSON string, escaped as <see cref="Utf8JsonWriter"/> escapes it (non-ASCII as \uXXXX).</summary>
    private ReadOnlySpan<byte> QuotedName(int symbolId)
    {
        if ((uint)symbolId < (uint)_quotedNames.Length && _quotedNames[symbolId] is { } cached) return cached;
        ReadOnlySpan<byte> name = _symbols.Utf8NameOf(symbolId);
        var encoded = JsonEncodedText.Encode(name).EncodedUtf8Bytes;
        var quoted = new byte[encoded.Length + 2];
        quoted[0] = (byte)'"';
        encoded.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        // Ids outside the table ("UNKNOWN") are not cached: the name an id stands for is only fixed once it exists.
        if ((uint)symbolId < (uint)_symbols.Count) _quotedNames[symbolId] = quoted;
        return quoted;
    }

    // The vocabulary (levels, regimes, venues, rationale names) is lower/upper-case ASCII and '_': nothing to escape.
    private void Element(ref bool first, ReadOnlySpan<byte> name)
    {
        if (!first) _buffer[_pos++] = (byte)',';
        first = false;
        _buffer[_pos++] = (byte)'"';
        Raw(name);
        _buffer[_pos++] = (byte)'"';
    }

    private void Text(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Raw(key);
        _buffer[_pos++] = (byte)'"';
        Raw(value);
        _buffer[_pos++] = (byte)'"';
    }

    private void Number(ReadOnlySpan<byte> key, double value, int digits)
    {
        Raw(key);
        _pos += FixedPointJson.Format(value, digits, _buffer.AsSpan(_pos, NumberBytes));
    }

    private void Integer(int value)
    {
        System.Buffers.Text.Utf8Formatter.TryFormat(value, _buffer.AsSpan(_pos), out int written);
        _pos += written;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_pos));
        _pos += bytes.Length;
    }
}
