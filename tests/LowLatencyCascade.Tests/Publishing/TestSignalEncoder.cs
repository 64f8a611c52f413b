using System.Buffers;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>
/// Writes the spec's signal JSON from slot fields the tests control (the model's encoder does this in the
/// product): metrics and context come from input fields so that tests can steer the derived Redis keys.
/// <c>Quantity</c> → metrics.velocity, <c>BidQty</c> → metrics.acceleration, <c>NotionalUsd</c> → metrics.volume_usd,
/// <c>OpenInterest</c> → metrics.oi_change_1m, <c>FundingRate</c> → metrics.funding_rate, <c>Price</c> → context.btc_price,
/// <c>AskQty</c> → context.vol_risk_multiplier, <c>BidPrice</c> → context.exchange_correlation. Reuses one buffer.
/// </summary>
internal sealed class TestSignalEncoder : ISignalEncoder
{
    private readonly SymbolTable _symbols;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public TestSignalEncoder(SymbolTable symbols)
    {
        _symbols = symbols;
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Extra bytes of padding in <c>meta.note</c>, for tests that need big frames.</summary>
    public int Padding { get; set; }

    public ReadOnlySpan<byte> Encode(ref MarketEvent slot)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        var w = _writer;
        w.WriteStartObject();
        w.WriteString("symbol"u8, _symbols.Utf8NameOf(slot.SymbolId));
        w.WriteNumber("timestamp"u8, slot.EventTimeMs / 1000.0);
        w.WriteString("signal"u8, SignalLevels.Utf8Name(slot.Signal.Level));
        w.WriteNumber("signal_level"u8, (int)slot.Signal.Level);
        w.WriteNumber("probability"u8, slot.Signal.Probability);
        w.WriteStartObject("scores"u8);
        w.WriteNumber("velocity"u8, slot.Signal.Probability);
        w.WriteNumber("acceleration"u8, slot.Signal.Probability / 2);
        w.WriteNumber("volume"u8, 0.5);
        w.WriteNumber("oi_change"u8, 0.25);
        w.WriteNumber("funding"u8, 0.125);
        w.WriteNumber("volatility"u8, 0.75);
        w.WriteEndObject();
        w.WriteStartObject("metrics"u8);
        w.WriteNumber("velocity"u8, slot.Quantity);
        w.WriteNumber("acceleration"u8, slot.BidQty);
        w.WriteNumber("volume_usd"u8, slot.NotionalUsd);
        w.WriteNumber("oi_change_1m"u8, slot.OpenInterest);
        w.WriteNumber("funding_rate"u8, slot.FundingRate);
        w.WriteEndObject();
        w.WriteStartObject("context"u8);
        w.WriteString("volatility_regime"u8, slot.Signal.Level >= SignalLevel.Critical ? "HIGH"u8 : "NORMAL"u8);
        w.WriteNumber("btc_price"u8, slot.Price);
        w.WriteNumber("vol_risk_multiplier"u8, slot.AskQty);
        w.WriteString("leading_exchange"u8, ExchangeInfo.Utf8Name(slot.Exchange));
        w.WriteNumber("exchange_correlation"u8, slot.BidPrice);
        w.WriteString("liquidity_regime"u8, "NORMAL"u8);
        w.WriteString("trend_regime"u8, "RANGING"u8);
        w.WriteNumber("regime_confidence"u8, 0.5);
        w.WriteNumber("position_size_multiplier"u8, slot.Signal.Level >= SignalLevel.Critical ? 0.5 : 1.0);
        w.WriteNumber("stop_loss_multiplier"u8, slot.Signal.Level >= SignalLevel.Critical ? 1.5 : 1.0);
        w.WriteEndObject();
        w.WriteStartObject("meta"u8);
        w.WriteNumber("processing_time_ms"u8, 0.0);
        if (Padding > 0)
        {
            Span<byte> pad = stackalloc byte[Math.Min(Padding, 8192)];
            pad.Fill((byte)'x');
            w.WriteString("note"u8, pad);
        }
        w.WriteEndObject();
        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenSpan;
    }
}
