using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Bench.Model;

/// <summary>
/// A realistic pre-built mix of decoded slots for ten minutes of a 40-symbol market: BTC trades five times a
/// second and its book, a mark price per symbol per second, open interest every 30 s, sparse liquidations, and a
/// 30-second burst across 25 symbols on two venues every two minutes (a fifth of them delivered twice).
/// </summary>
public static class ModelEventMix
{
    public const int Alts = 40;
    public const int Seconds = 600;
    public const long Start = 1_737_990_000_000;

    public static SymbolTable Symbols()
    {
        var t = new SymbolTable(256);
        t.GetOrAdd("BTCUSDT");
        for (int a = 0; a < Alts; a++) t.GetOrAdd($"ALT{a}USDT");
        return t;
    }

    public static MarketEvent[] Build(SymbolTable symbols)
    {
        var list = new List<MarketEvent>();
        var rng = new Random(3);
        int btc = symbols.GetOrAdd("BTCUSDT");
        double price = 100_000;
        for (int s = 0; s < Seconds; s++)
        {
            long t0 = Start + s * 1000L;
            for (int k = 0; k < 5; k++)
            {
                price *= 1 + (rng.NextDouble() - 0.5) * 0.0004;
                list.Add(new MarketEvent { Kind = EventKind.Trade, SymbolId = btc, Price = price, Quantity = 0.2, NotionalUsd = price * 0.2, ExchangeTimeMs = t0 + k * 200, Side = Side.Long });
            }
            list.Add(new MarketEvent { Kind = EventKind.BookTicker, SymbolId = btc, BidPrice = price - 0.1, AskPrice = price + 0.1, ExchangeTimeMs = t0 + 50 });
            bool burst = s % 120 >= 60 && s % 120 < 90;
            for (int a = 0; a < Alts; a++)
            {
                int id = symbols.GetOrAdd($"ALT{a}USDT");
                if (burst ? a < 25 : rng.NextDouble() < 0.003)
                {
                    var liq = new MarketEvent { Kind = EventKind.Liquidation, SymbolId = id, Side = Side.Long, Price = 1, Quantity = 20_000, NotionalUsd = 20_000, ExchangeTimeMs = t0 + 300 + a, Exchange = (Exchange)(a % 2) };
                    list.Add(liq);
                    if (a % 5 == 0) list.Add(liq);
                }
                list.Add(new MarketEvent { Kind = EventKind.MarkPrice, SymbolId = id, Price = 1, FundingRate = 0.0001, ExchangeTimeMs = t0 + 900 });
                if (s % 30 == 0) list.Add(new MarketEvent { Kind = EventKind.OpenInterest, SymbolId = id, OpenInterest = 1_000_000 - s, ExchangeTimeMs = t0 + 950 });
            }
        }
        return [.. list];
    }
}
