using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Signals;
using Xunit;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Tests.Model;

public class AllocationTests
{
    [Fact]
    public void Four_stages_feed_health_encoder_and_stats_allocate_nothing_per_event_in_steady_state()
    {
        var symbols = SymbolTable.Of(["BTCUSDT", .. SyntheticMarket.Alts()]);
        var model = new CascadeModel(symbols, ModelFeed.Shipped());
        var encoder = new SignalJsonEncoder(symbols);
        var stats = new SignalStats();
        var board = new LowLatencyCascade.Engine.Health.FeedStatusBoard();
        board.Set(Exchange.Okx, LowLatencyCascade.Engine.Health.FeedStatusBoard.Red);
        var health = new LowLatencyCascade.Engine.Health.FeedHealthStage(board: board);
        var slots = BuildMix(symbols);
        // The first pass warms the JIT and the state; the last one must allocate nothing.
        long bytes = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            long sum = 0;
            for (int i = 0; i < slots.Length; i++)
            {
                ref var slot = ref slots[i];
                slot.ExchangeTimeMs += 3_600_000;   // the next lap is an hour later: windows keep moving
                model.Process(ref slot, i);
                health.OnEvent(ref slot, i, true);
                if (slot.Signal.Generated)
                {
                    var json = encoder.Encode(ref slot);
                    sum += json.Length + (json.IndexOf("\"position_size_multiplier\":"u8) > 0 ? 1 : 0);
                    stats.Record(ref slot);
                }
            }
            bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(sum > 0);
        }
        Assert.Equal(0, bytes);
        Assert.True(stats.SignalsGenerated > 0);
        Assert.True(health.DegradedSignals > 0);   // OKX RED on the board: every signal marked, and the reasons encoded
    }

    [Fact]
    public void Both_encoders_write_the_regime_context_of_every_regime_without_allocating()
    {
        var symbols = SymbolTable.Of(["BTCUSDT", .. SyntheticMarket.Alts()]);
        var model = new CascadeModel(symbols, ModelFeed.Shipped());
        var slots = BuildMix(symbols);
        MarketEvent scored = default;
        for (int i = 0; i < slots.Length; i++)
        {
            model.Process(ref slots[i], i);
            if (slots[i].Signal.Generated) scored = slots[i];
        }
        Assert.True(scored.Signal.Generated);
        var fast = new SignalJsonEncoder(symbols);
        var reference = new ReferenceSignalJsonEncoder(symbols);
        var table = ModelFeed.Shipped().RegimeTable;
        long fastBytes = 0, referenceBytes = 0, written = 0;
        for (int pass = 0; pass < 3; pass++)   // the first pass warms the JIT and caches the symbol's quoted name
        {
            fastBytes = referenceBytes = 0;
            for (int k = 0; k < 4 * 5 * MarketRegimes.Count; k++)
            {
                var composite = (MarketRegime)(k % MarketRegimes.Count);
                scored.Model.Regime.Regime = composite;
                scored.Model.Regime.Liquidity = (LiquidityRegime)(k / MarketRegimes.Count % 4);
                scored.Model.Regime.Trend = (TrendRegime)(k / (MarketRegimes.Count * 4) % 5);
                scored.Model.Regime.Confidence = 0.5 + k % 3 * 0.1;
                scored.Model.Regime.PositionSizeMultiplier = table.Row(composite).PositionSizeMultiplier;
                scored.Model.Regime.StopLossMultiplier = table.Row(composite).StopLossMultiplier;
                long before = GC.GetAllocatedBytesForCurrentThread();
                var json = fast.Encode(ref scored);
                fastBytes += GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(json.IndexOf("\"stop_loss_multiplier\":"u8) > 0);
                written += json.Length;
                before = GC.GetAllocatedBytesForCurrentThread();
                written += reference.Encode(ref scored).Length;
                referenceBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        Assert.True(written > 0);
        Assert.Equal(0, fastBytes);
        Assert.Equal(0, referenceBytes);
    }

    [Fact]
    public void Per_symbol_state_is_created_on_a_symbols_first_event_once_and_reused()
    {
        // 2,000 subscribed symbols, a few of which trade: state exists for those few only, is made on the first
        // event of each, and the same object serves every later event (no allocation once all have been seen).
        var names = new List<string> { "BTCUSDT" };
        for (int i = 0; i < 1999; i++) names.Add($"IDLE{i:D4}USDT");
        var symbols = SymbolTable.Of([.. names]);
        var model = new CascadeModel(symbols, ModelFeed.Shipped());
        Assert.Equal(0, model.Velocity.Tracker.SymbolsAllocated);
        Assert.Equal(0, model.Scoring.SymbolsAllocated);

        int btc = symbols.GetOrAdd("BTCUSDT"), a = symbols.GetOrAdd("IDLE0007USDT"), b = symbols.GetOrAdd("IDLE1500USDT");
        var first = new MarketEvent { Kind = EventKind.Trade, SymbolId = a, Price = 1, Quantity = 1, NotionalUsd = 1, ExchangeTimeMs = ModelFeed.Start };
        model.Process(ref first, 0);
        Assert.Equal(1, model.Velocity.Tracker.SymbolsAllocated);
        Assert.Equal(1, model.Scoring.SymbolsAllocated);
        object? velocityState = model.Velocity.Tracker.StateObject(a), scoringState = model.Scoring.StateObject(a);
        Assert.NotNull(velocityState);
        Assert.NotNull(scoringState);
        Assert.Null(model.Velocity.Tracker.StateObject(b));
        Assert.Null(model.Scoring.StateObject(b));

        long seq = 1;
        int[] ids = [btc, a, b];
        for (int s = 0; s < 300; s++)
        {
            foreach (int id in ids)
            {
                var liq = new MarketEvent { Kind = EventKind.Liquidation, SymbolId = id, Side = Side.Long, Price = 1, Quantity = 10, NotionalUsd = 10, ExchangeTimeMs = ModelFeed.Start + s * 1000L + id, Exchange = Exchange.Binance };
                model.Process(ref liq, seq++);
                var oi = new MarketEvent { Kind = EventKind.OpenInterest, SymbolId = id, OpenInterest = 1000 + s, ExchangeTimeMs = ModelFeed.Start + s * 1000L + 500 };
                model.Process(ref oi, seq++);
            }
        }
        Assert.Equal(3, model.Velocity.Tracker.SymbolsAllocated);
        Assert.Equal(3, model.Scoring.SymbolsAllocated);
        Assert.Same(velocityState, model.Velocity.Tracker.StateObject(a));
        Assert.Same(scoringState, model.Scoring.StateObject(a));
        Assert.True(model.Velocity.Tracker.Counted >= 900);

        // Every symbol seen: a further lap allocates nothing and creates no state.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 300; s < 400; s++)
        {
            foreach (int id in ids)
            {
                var liq = new MarketEvent { Kind = EventKind.Liquidation, SymbolId = id, Side = Side.Short, Price = 1, Quantity = 10, NotionalUsd = 10, ExchangeTimeMs = ModelFeed.Start + s * 1000L + id, Exchange = Exchange.Okx };
                model.Process(ref liq, seq++);
            }
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(3, model.Velocity.Tracker.SymbolsAllocated);
        Assert.Equal(3, model.Scoring.SymbolsAllocated);
        Assert.Same(velocityState, model.Velocity.Tracker.StateObject(a));
    }

    /// <summary>Liquidations (some duplicated, on two venues), BTC trades and book, mark prices, open interest.</summary>
    internal static MarketEvent[] BuildMix(SymbolTable symbols)
    {
        var list = new List<MarketEvent>();
        var rng = new Random(3);
        int btc = symbols.GetOrAdd("BTCUSDT");
        double price = 100_000;
        for (int s = 0; s < 600; s++)
        {
            long t0 = ModelFeed.Start + s * 1000L;
            for (int k = 0; k < 5; k++)
            {
                price *= 1 + (rng.NextDouble() - 0.5) * 0.0004;
                list.Add(new MarketEvent { Kind = EventKind.Trade, SymbolId = btc, Price = price, Quantity = 0.2, NotionalUsd = price * 0.2, ExchangeTimeMs = t0 + k * 200, Side = Side.Long });
            }
            list.Add(new MarketEvent { Kind = EventKind.BookTicker, SymbolId = btc, BidPrice = price - 0.1, AskPrice = price + 0.1, ExchangeTimeMs = t0 + 50 });
            bool burst = s % 120 >= 60 && s % 120 < 90;
            for (int a = 0; a < SyntheticMarket.AltCount; a++)
            {
                int id = symbols.GetOrAdd(SyntheticMarket.Alt(a));
                if (burst ? a < 25 : rng.NextDouble() < 0.003)
                {
                    var liq = new MarketEvent { Kind = EventKind.Liquidation, SymbolId = id, Side = Side.Long, Price = 1, Quantity = 20_000, NotionalUsd = 20_000, ExchangeTimeMs = t0 + 300 + a, Exchange = (Exchange)(a % 2) };
                    list.Add(liq);
                    if (a % 5 == 0) list.Add(liq);   // the same liquidation from a redundant connection
                }
                list.Add(new MarketEvent { Kind = EventKind.MarkPrice, SymbolId = id, Price = 1, FundingRate = 0.0001, ExchangeTimeMs = t0 + 900 });
                if (s % 30 == 0) list.Add(new MarketEvent { Kind = EventKind.OpenInterest, SymbolId = id, OpenInterest = 1_000_000 - s, ExchangeTimeMs = t0 + 950 });
            }
        }
        return [.. list];
    }
}
