using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>
/// The simulation's shallow books. Every second per symbol and venue one book is emitted in the venue's depth channel
/// shape (Binance <c>@depth20@500ms</c>, Bybit <c>orderbook.50</c> snapshot then deltas, OKX <c>books5</c>). The book is a
/// ladder of <see cref="Levels"/> levels per side from the touch outwards; its depth THINS with a cascade's stress
/// (liquidity near the touch is pulled: sizes shrink to a quarter and the levels spread out at full stress) and does
/// NOT thin in a pure volatility shock, whose spread still widens (the touch follows the quotes' half-spread).
/// Drawn from its own random stream and sequence, so the other events of a market are the same with or without books.
/// </summary>
internal sealed class SimulatedDepth(IReadOnlyList<ScenarioSymbol> symbols, int seed)
{
    /// <summary>Levels per side the simulated venue holds (Bybit sends up to 50 on orderbook.50; Binance shows 20 of them, OKX 5).</summary>
    public const int Levels = 25;

    /// <summary>When in each second the books are emitted (a multiple of the generator's 100 ms step).</summary>
    public const int OffsetMs = 500;

    /// <summary>Depth left near the touch at full cascade stress (of the calm depth).</summary>
    public const double ThinnedShare = 0.25;

    private readonly Random _random = new(unchecked(seed * 131 + 29));
    private long _sequence = 1L << 40;

    /// <summary>Emits one book per venue for symbol <paramref name="s"/> when the step is the book's time in its second.</summary>
    /// <param name="spreadLevel">The quotes' stress level (cascade or shock): widens the spread.</param>
    /// <param name="cascadeStress">The cascade's stress alone (0..1): thins the book.</param>
    public void Step(double t, int s, double price, double spreadLevel, double cascadeStress, List<SimulatedEvent>[] events, int venues, int[] latencyMs)
    {
        if ((long)t % 1000 != OffsetMs) return;
        var sym = symbols[s];
        double stress = Math.Clamp(cascadeStress, 0, 1);
        double tick = Math.Pow(10, -sym.PriceDecimals);
        double half = Math.Max(tick, price * 0.00005 * (1 + 8 * spreadLevel));
        double thin = 1 - (1 - ThinnedShare) * stress;
        // Calm: 1 bp between levels and about $60k a level for BTC (scaled by the symbol's size); thinned: fewer USD, wider steps.
        double step = Math.Max(tick, price * 0.0001 * (1 + 2 * stress));
        double levelUsd = 60_000 * sym.Size * thin;
        for (int v = 0; v < venues; v++)
        {
            double jitter = 0.85 + 0.3 * _random.NextDouble();
            long timeMs = (long)t;
            double latency = latencyMs[v] + _random.NextDouble() * 10;
            events[v].Add(new SimulatedEvent
            {
                TimeMs = timeMs,
                LocalTicks = (long)((timeMs + latency) * TimeSpan.TicksPerMillisecond),
                Sequence = _sequence++,
                Symbol = s,
                Kind = SimulatedKind.Depth,
                Price = price,
                Bid = Math.Round((price - half) / tick) * tick,
                Ask = Math.Max(Math.Round((price - half) / tick) * tick + tick, Math.Round((price + half) / tick) * tick),
                Quantity = levelUsd * jitter / price,
                Index = step,
                Funding = _random.Next(),
            });
        }
    }

    /// <summary>Level <paramref name="i"/> (0 = the touch) of a simulated book: price rounded to the tick, size in base units (rounded, at least one unit).</summary>
    public static void Level(in SimulatedEvent e, ScenarioSymbol sym, int i, bool bid, out double price, out double size)
    {
        double tick = Math.Pow(10, -sym.PriceDecimals);
        double step = Math.Max(tick, Math.Round(e.Index / tick) * tick);
        price = bid ? e.Bid - i * step : e.Ask + i * step;
        price = Math.Round(price / tick) * tick;
        // A fixed pattern per book (its seed in Funding) so the formatter needs no random stream: 0.6..1.4 of the level size,
        // growing a little away from the touch.
        uint h = unchecked((uint)e.Funding * 2654435761u + (uint)i * 40503u + (bid ? 0u : 977u));
        h ^= h >> 15; h *= 2246822519u; h ^= h >> 13;
        double shape = 0.6 + 0.8 * (h % 1000) / 1000.0;
        double unit = Math.Pow(10, -sym.QuantityDecimals);
        size = Math.Max(unit, Math.Round(e.Quantity * shape * (1 + 0.04 * i) / unit) * unit);
    }

    /// <summary>Whether a price is still on the side (a ladder never crosses zero).</summary>
    public static bool Valid(double price) => price > 0;
}
