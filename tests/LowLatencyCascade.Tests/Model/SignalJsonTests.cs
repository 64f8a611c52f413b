using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Signals;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

public class SignalJsonTests
{
    private static ModelFeed ScoredCascade(out MarketEvent slot)
    {
        var feed = new ModelFeed(ModelFeed.Shipped(), SyntheticMarket.Alts());
        var market = new SyntheticMarket(feed);
        for (int s = 0; s < 900; s++) market.Second(s);
        feed.OpenInterest(SyntheticMarket.Alt(3), ModelFeed.Start + 840_000, 1_000_000);
        feed.OpenInterest(SyntheticMarket.Alt(3), ModelFeed.Start + 900_000, 980_000);
        for (int k = 0; k < 15; k++) market.Second(900 + k, Enumerable.Range(0, 30), bybitToo: true);
        slot = feed.Liquidation(SyntheticMarket.Alt(3), ModelFeed.Start + 915_123, 50_000, venue: Exchange.Bybit);
        return feed;
    }

    [Fact]
    public void Encodes_the_spec_fields_in_order_then_the_rationale_and_the_feeds_health()
    {
        var feed = ScoredCascade(out var slot);
        var json = new SignalJsonEncoder(feed.Symbols).Encode(ref slot).ToArray();
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(["symbol", "timestamp", "signal", "signal_level", "probability", "scores", "metrics", "context", "meta", "rationale", "feeds"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["fresh", "degraded", "reasons"], root.GetProperty("feeds").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["velocity", "acceleration", "volume", "oi_change", "funding", "volatility"],
            root.GetProperty("scores").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["velocity", "acceleration", "volume_usd", "oi_change_1m", "oi_change_5m", "funding_rate"],
            root.GetProperty("metrics").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["volatility_regime", "btc_price", "vol_risk_multiplier", "leading_exchange", "exchange_correlation",
                "liquidity_regime", "trend_regime", "regime_confidence", "position_size_multiplier", "stop_loss_multiplier"],
            root.GetProperty("context").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("ALT3USDT", root.GetProperty("symbol").GetString());
        Assert.Equal(slot.EventTimeMs / 1000.0, root.GetProperty("timestamp").GetDouble());
        Assert.Contains("\"timestamp\":" + (ModelFeed.Start + 915_123) / 1000 + ".123,", Encoding.UTF8.GetString(json));
        Assert.Equal(SignalLevels.Name(slot.Signal.Level), root.GetProperty("signal").GetString());
        Assert.Equal((int)slot.Signal.Level, root.GetProperty("signal_level").GetInt32());
    }

    [Fact]
    public void Parse_reads_back_what_the_encoder_wrote()
    {
        var feed = ScoredCascade(out var slot);
        slot.Stamps.Ingress = 1_000;
        slot.Stamps.Scored = 1_000 + Stopwatch.Frequency / 500;   // 2 ms
        var signal = CascadeSignal.Parse(new SignalJsonEncoder(feed.Symbols).Encode(ref slot));
        Assert.Equal("ALT3USDT", signal.Symbol);
        Assert.Equal(slot.EventTimeMs, signal.TimestampMs);
        Assert.Equal(slot.Signal.Level, signal.Level);
        Assert.True(signal.Level >= SignalLevel.Alert, $"a 30-symbol cascade on two venues scored {signal.Level}");
        Assert.Equal(Math.Round(slot.Signal.Probability, 4), signal.Probability);
        ref readonly var s = ref slot.Model.Score;
        Assert.Equal(Math.Round(s.Velocity, 3), signal.Scores.Velocity);
        Assert.Equal(Math.Round(s.Volume, 3), signal.Scores.Volume);
        Assert.Equal(Math.Round(s.OiChange, 3), signal.Scores.OiChange);
        Assert.Equal(-0.02, signal.Metrics.OiChange1m, 6);
        Assert.Equal(Math.Round(slot.Model.Velocity.Velocity10s, 4), signal.Metrics.Velocity);
        Assert.Equal(0.0001, signal.Metrics.FundingRate);
        Assert.Equal(MarketRegimes.Name(slot.Model.Volatility.Regime), signal.Context.VolatilityRegime);
        Assert.Equal(ExchangeInfo.Name(slot.Model.Velocity.LeadingExchange), signal.Context.LeadingExchange);
        ref readonly var regime = ref slot.Model.Regime;
        Assert.Equal(LiquidityRegimes.Name(regime.Liquidity), signal.Context.LiquidityRegime);
        Assert.Equal(TrendRegimes.Name(regime.Trend), signal.Context.TrendRegime);
        Assert.Equal(Math.Round(regime.Confidence, 4), signal.Context.RegimeConfidence);
        Assert.Equal(Math.Round(regime.PositionSizeMultiplier, 4), signal.Context.PositionSizeMultiplier);
        Assert.Equal(Math.Round(regime.StopLossMultiplier, 4), signal.Context.StopLossMultiplier);
        // The multipliers are the composite regime's row of the table: what a consumer scales its size and stop by.
        var row = ModelFeed.Shipped().RegimeTable.Row(regime.Regime);
        Assert.Equal(row.PositionSizeMultiplier, signal.Context.PositionSizeMultiplier);
        Assert.Equal(row.StopLossMultiplier, signal.Context.StopLossMultiplier);
        Assert.Equal(2.0, signal.ProcessingTimeMs, 3);
        Assert.Contains("velocity", signal.Rationale.Drivers);
        Assert.Contains("market_breadth", signal.Rationale.Boosts);
        Assert.Null(signal.Rationale.Override);
        Assert.True(signal.Rationale.Warm);
    }

    [Fact]
    public void Every_regime_combination_reaches_the_context_and_parses_back_from_both_encoders()
    {
        var feed = ScoredCascade(out var slot);
        var fast = new SignalJsonEncoder(feed.Symbols);
        var reference = new ReferenceSignalJsonEncoder(feed.Symbols);
        var table = ModelFeed.Shipped().RegimeTable;
        foreach (var liquidity in Enum.GetValues<LiquidityRegime>())
        foreach (var trend in Enum.GetValues<TrendRegime>())
        for (var composite = MarketRegime.Dormant; composite <= MarketRegime.Extreme; composite++)
        {
            var row = table.Row(composite);
            slot.Model.Regime.Regime = composite;
            slot.Model.Regime.Liquidity = liquidity;
            slot.Model.Regime.Trend = trend;
            slot.Model.Regime.Confidence = trend is TrendRegime.StrongUp or TrendRegime.StrongDown ? 0.7 : 0.5;
            slot.Model.Regime.PositionSizeMultiplier = row.PositionSizeMultiplier;
            slot.Model.Regime.StopLossMultiplier = row.StopLossMultiplier;
            byte[] json = fast.Encode(ref slot).ToArray();
            Assert.Equal(Encoding.UTF8.GetString(reference.Encode(ref slot)), Encoding.UTF8.GetString(json));
            var c = CascadeSignal.Parse(json).Context;
            Assert.Equal(LiquidityRegimes.Name(liquidity), c.LiquidityRegime);
            Assert.Equal(TrendRegimes.Name(trend), c.TrendRegime);
            Assert.Equal(slot.Model.Regime.Confidence, c.RegimeConfidence);
            Assert.Equal(row.PositionSizeMultiplier, c.PositionSizeMultiplier);
            Assert.Equal(row.StopLossMultiplier, c.StopLossMultiplier);
            Assert.Empty(LowLatencyCascade.Tests.Publishing.SignalJsonSchema.Violations(Encoding.UTF8.GetString(json)));
        }
        // No venue led the window: leading_exchange is null, which the schema allows and Parse reads as null.
        slot.Model.Velocity.HasLeadingExchange = false;
        string unled = Encoding.UTF8.GetString(fast.Encode(ref slot));
        Assert.Contains("\"leading_exchange\":null", unled);
        Assert.Empty(LowLatencyCascade.Tests.Publishing.SignalJsonSchema.Violations(unled));
        Assert.Null(CascadeSignal.Parse(Encoding.UTF8.GetBytes(unled)).Context.LeadingExchange);
    }

    [Fact]
    public void Parse_reads_signals_recorded_before_the_regime_fields_and_rejects_mistyped_ones()
    {
        var feed = ScoredCascade(out var slot);
        var node = System.Text.Json.Nodes.JsonNode.Parse(new SignalJsonEncoder(feed.Symbols).Encode(ref slot).ToArray())!.AsObject();
        var context = node["context"]!.AsObject();
        foreach (var name in new[] { "liquidity_regime", "trend_regime", "regime_confidence", "position_size_multiplier", "stop_loss_multiplier" }) context.Remove(name);
        var old = CascadeSignal.Parse(Encoding.UTF8.GetBytes(node.ToJsonString()));
        Assert.Null(old.Context.LiquidityRegime);
        Assert.Null(old.Context.PositionSizeMultiplier);
        context["position_size_multiplier"] = "1.0";
        var e = Assert.Throws<FormatException>(() => CascadeSignal.Parse(Encoding.UTF8.GetBytes(node.ToJsonString())));
        Assert.Contains("'position_size_multiplier'", e.Message);
    }

    [Fact]
    public void Parse_names_the_missing_field()
    {
        var feed = ScoredCascade(out var slot);
        var node = System.Text.Json.Nodes.JsonNode.Parse(new SignalJsonEncoder(feed.Symbols).Encode(ref slot).ToArray())!.AsObject();
        node.Remove("timestamp");
        var e = Assert.Throws<FormatException>(() => CascadeSignal.Parse(Encoding.UTF8.GetBytes(node.ToJsonString())));
        Assert.Contains("'timestamp'", e.Message);
        Assert.Throws<FormatException>(() => CascadeSignal.Parse("{oops"u8));
    }

    [Fact]
    public void Stats_keep_a_timeline_of_WATCH_and_above_and_count_signals_per_event_time_hour()
    {
        var stats = new SignalStats(recentCapacity: 4, timelineCapacity: 3);
        var slot = new MarketEvent { SymbolId = 1 };
        long hour0 = ModelFeed.Start / 3_600_000 * 3_600_000;
        // (minutes after hour0, level): two in the first hour, none in the second, four in the third.
        var signals = new (int Minute, SignalLevel Level)[]
        {
            (1, SignalLevel.None), (59, SignalLevel.Alert), (121, SignalLevel.Watch), (122, SignalLevel.None), (130, SignalLevel.Critical), (170, SignalLevel.Extreme),
        };
        foreach (var (minute, level) in signals)
        {
            slot.ExchangeTimeMs = hour0 + minute * 60_000L;
            slot.Signal = new SignalAnnotation { Generated = true, Level = level, Probability = 0.5 };
            Assert.True(stats.Record(ref slot));
        }
        // The timeline keeps the last three at WATCH or above, oldest first; NONE never enters it.
        Assert.Equal([SignalLevel.Watch, SignalLevel.Critical, SignalLevel.Extreme], stats.Timeline().Select(s => s.Level).ToArray());
        var hourly = stats.Hourly();
        Assert.Equal([hour0, hour0 + 3_600_000, hour0 + 7_200_000], hourly.Select(h => h.HourStartMs).ToArray());
        Assert.Equal([2L, 0L, 4L], hourly.Select(h => h.Signals).ToArray());
        Assert.Equal([1L, 0L, 2L], hourly.Select(h => h.AlertOrAbove).ToArray());
        Assert.Equal(stats.SignalsGenerated, hourly.Sum(h => h.Signals));
        // A day later the old hours fall out of the 24 kept: only the new hour is shown.
        slot.ExchangeTimeMs = hour0 + 30 * 3_600_000L;
        stats.Record(ref slot);
        var later = Assert.Single(stats.Hourly());
        Assert.Equal(hour0 + 30 * 3_600_000L, later.HourStartMs);
        Assert.Equal(1, later.Signals);
        Assert.Empty(new SignalStats().Hourly());
    }

    [Fact]
    public void Stats_count_generated_critical_and_per_level_signals_and_keep_recent_ones()
    {
        var stats = new SignalStats(recentCapacity: 3);
        var slot = new MarketEvent { SymbolId = 2, ExchangeTimeMs = ModelFeed.Start };
        var levels = new[] { SignalLevel.Watch, SignalLevel.Critical, SignalLevel.Extreme, SignalLevel.None, SignalLevel.Critical };
        for (int i = 0; i < levels.Length; i++)
        {
            slot.Signal = new SignalAnnotation { Generated = true, Level = levels[i], Probability = i / 10.0 };
            slot.Stamps.Ingress = 100;
            slot.Stamps.Scored = 100 + Stopwatch.Frequency / 1000 * (i + 1);   // 1, 2, 3, 4, 5 ms
            slot.ExchangeTimeMs = ModelFeed.Start + i;
            Assert.True(stats.Record(ref slot));
        }
        slot.Signal.Generated = false;
        Assert.False(stats.Record(ref slot));
        Assert.Equal(5, stats.SignalsGenerated);
        Assert.Equal(3, stats.CriticalSignals);
        Assert.Equal(2, stats.CountOf(SignalLevel.Critical));
        Assert.Equal(1, stats.CountOf(SignalLevel.None));
        Assert.Equal(3.0, stats.AverageProcessingTimeMs, 6);
        var recent = stats.RecentSignals();
        Assert.Equal([SignalLevel.Extreme, SignalLevel.None, SignalLevel.Critical], recent.Select(r => r.Level).ToArray());
        Assert.Equal(5.0, recent[^1].ProcessingTimeMs, 6);
    }
}
