using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Tests.Model;

/// <summary>
/// A deterministic market shaped like Binance's streams: BTC trades several times a second, a mark price per
/// symbol every second, sparse background liquidations (one symbol at a time, a few $k), and scripted bursts:
/// at most one liquidation per symbol per second per venue.
/// </summary>
internal sealed class SyntheticMarket
{
    public const int AltCount = 40;
    private readonly Random _rng;
    private readonly ModelFeed _feed;
    private double _btc = 100_000;

    public SyntheticMarket(ModelFeed feed, int seed = 42)
    {
        _feed = feed;
        _rng = new Random(seed);
    }

    public static string Alt(int i) => $"ALT{i}USDT";
    public static string[] Alts() => Enumerable.Range(0, AltCount).Select(Alt).ToArray();

    /// <summary>Called for every generated signal: (symbol id, event time, level, probability).</summary>
    public Action<int, long, SignalLevel, double>? OnSignal { get; set; }

    /// <summary>
    /// One second of market. <paramref name="burst"/> lists the alts liquidating this second (each on Binance,
    /// and on Bybit when <paramref name="bybitToo"/>).
    /// </summary>
    public void Second(long second, IEnumerable<int>? burst = null, bool bybitToo = false, double burstUsd = 60_000)
    {
        long t0 = ModelFeed.Start + second * 1000;
        for (int k = 0; k < 4; k++)
        {
            _btc *= 1 + (_rng.NextDouble() - 0.5) * 0.0004;
            Emit(ref _feed.Trade("BTCUSDT", t0 + k * 250, _btc, 0.05 + _rng.NextDouble()));
        }
        if (_rng.NextDouble() < 0.12)
        {
            int alt = _rng.Next(AltCount);
            Emit(ref _feed.Liquidation(Alt(alt), t0 + 300, 1000 + _rng.NextDouble() * 9000, _rng.NextDouble() < 0.5 ? Side.Long : Side.Short));
        }
        if (burst is not null)
        {
            foreach (int alt in burst)
            {
                Emit(ref _feed.Liquidation(Alt(alt), t0 + 400 + alt, burstUsd * (0.5 + _rng.NextDouble()), Side.Long));
                if (bybitToo) Emit(ref _feed.Liquidation(Alt(alt), t0 + 450 + alt, burstUsd * (0.5 + _rng.NextDouble()), Side.Long, Exchange.Bybit));
            }
        }
        for (int alt = 0; alt < AltCount; alt++) Emit(ref _feed.MarkPrice(Alt(alt), t0 + 900, 1.0, 0.0001));
    }

    private void Emit(ref MarketEvent slot)
    {
        if (slot.Signal.Generated) OnSignal?.Invoke(slot.SymbolId, slot.EventTimeMs, slot.Signal.Level, slot.Signal.Probability);
    }
}
