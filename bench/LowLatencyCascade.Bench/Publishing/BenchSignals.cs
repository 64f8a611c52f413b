using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Bench.Publishing;

/// <summary>
/// Signal inputs for the Redis benchmarks: the spec's example message (about 500 bytes, the size the model's
/// encoder produces) and scored slots over a few symbols.
/// </summary>
internal static class BenchSignals
{
    public static readonly string[] SymbolNames = ["BTCUSDT", "ETHUSDT", "SOLUSDT", "XRPUSDT", "DOGEUSDT", "BNBUSDT", "ADAUSDT", "AVAXUSDT"];

    public static byte[] ExampleJson(string symbol, SignalLevel level) => Encoding.UTF8.GetBytes(
        $"{{\"symbol\":\"{symbol}\",\"timestamp\":1698765432.123,\"signal\":\"{SignalLevels.Name(level)}\",\"signal_level\":{(int)level},\"probability\":0.7521," +
        "\"scores\":{\"velocity\":0.825,\"acceleration\":0.654,\"volume\":0.721,\"oi_change\":0.432,\"funding\":0.189,\"volatility\":0.567}," +
        "\"metrics\":{\"velocity\":41.25,\"acceleration\":13.08,\"volume_usd\":36050000.0,\"oi_change_1m\":0.0216,\"funding_rate\":0.000189}," +
        "\"context\":{\"volatility_regime\":\"HIGH\",\"btc_price\":43521.5,\"vol_risk_multiplier\":2.83,\"leading_exchange\":\"binance\",\"exchange_correlation\":0.847," +
        "\"liquidity_regime\":\"NORMAL\",\"trend_regime\":\"RANGING\",\"regime_confidence\":0.5,\"position_size_multiplier\":0.5,\"stop_loss_multiplier\":1.5}," +
        "\"meta\":{\"processing_time_ms\":0.004}}");

    public static MarketEvent[] Slots(int count)
    {
        var slots = new MarketEvent[count];
        for (int i = 0; i < count; i++)
        {
            slots[i].ResetInput();
            slots[i].Kind = EventKind.Liquidation;
            slots[i].SymbolId = i % SymbolNames.Length;
            slots[i].ExchangeTimeMs = 1_698_765_432_000 + i;
            var level = (SignalLevel)(1 + i % 4);
            slots[i].Signal = new SignalAnnotation { Generated = true, Level = level, Probability = 0.3 + 0.15 * (int)level };
        }
        return slots;
    }

    /// <summary>Hands out the pre-encoded example for the slot's symbol and level: encoding is the Json suite's business.</summary>
    public sealed class PreEncoded : ISignalEncoder
    {
        private readonly byte[][] _bySymbolAndLevel;

        public PreEncoded()
        {
            _bySymbolAndLevel = new byte[SymbolNames.Length * SignalLevels.Count][];
            for (int s = 0; s < SymbolNames.Length; s++)
                for (int l = 0; l < SignalLevels.Count; l++)
                    _bySymbolAndLevel[s * SignalLevels.Count + l] = ExampleJson(SymbolNames[s], (SignalLevel)l);
        }

        public ReadOnlySpan<byte> Encode(ref MarketEvent slot) => _bySymbolAndLevel[slot.SymbolId * SignalLevels.Count + (int)slot.Signal.Level];
    }
}
