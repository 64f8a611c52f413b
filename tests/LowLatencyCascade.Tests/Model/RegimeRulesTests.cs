using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>The spec's regime tables, row by row, and the volatility engine that feeds them.</summary>
public class RegimeRulesTests
{
    private static readonly CascadeModelOptions Spec = CascadeModelOptions.SpecPreset();

    [Theory]
    [InlineData(0.0, MarketRegime.Dormant)]
    [InlineData(0.49, MarketRegime.Dormant)]
    [InlineData(0.5, MarketRegime.Low)]
    [InlineData(1.0, MarketRegime.Normal)]
    [InlineData(1.99, MarketRegime.Normal)]
    [InlineData(2.0, MarketRegime.Elevated)]
    [InlineData(3.0, MarketRegime.High)]
    [InlineData(4.99, MarketRegime.High)]
    [InlineData(5.0, MarketRegime.Extreme)]
    public void Volatility_regime_bands_on_five_minute_volatility(double vol5mPct, MarketRegime expected) =>
        Assert.Equal(expected, VolatilityEngine.Classify(vol5mPct, Spec.Volatility));

    [Theory]
    [InlineData(true, 2.0, true, 3.0, LiquidityRegime.Deep)]        // high volume and tight (< 5 bps)
    [InlineData(true, 1.0, true, 10.0, LiquidityRegime.Normal)]     // average volume, 5-15 bps
    [InlineData(true, 0.4, true, 3.0, LiquidityRegime.Shallow)]     // low volume
    [InlineData(true, 1.0, true, 17.0, LiquidityRegime.Shallow)]    // wide spread
    [InlineData(true, 0.1, true, 25.0, LiquidityRegime.Illiquid)]   // very low volume and very wide (> 20 bps)
    [InlineData(true, 0.1, true, 18.0, LiquidityRegime.Shallow)]    // very low volume but only wide
    [InlineData(true, 2.0, true, 6.0, LiquidityRegime.Normal)]      // high volume, not tight
    [InlineData(false, 0.0, false, 0.0, LiquidityRegime.Normal)]    // no data: normal
    public void Liquidity_rules_on_volume_and_spread(bool hasVolume, double volumeRatio, bool hasSpread, double spreadBps, LiquidityRegime expected) =>
        Assert.Equal(expected, MarketRegimeDetector.ClassifyLiquidity(hasVolume, volumeRatio, hasSpread, spreadBps, Spec.Liquidity));

    [Theory]
    [InlineData(6.0, 101, 100, TrendRegime.StrongUp)]
    [InlineData(3.0, 101, 100, TrendRegime.Up)]
    [InlineData(1.0, 101, 100, TrendRegime.Ranging)]
    [InlineData(-3.0, 99, 100, TrendRegime.Down)]
    [InlineData(-6.0, 99, 100, TrendRegime.StrongDown)]
    [InlineData(6.0, 99, 100, TrendRegime.Ranging)]     // momentum up but short MA below long: not confirmed
    [InlineData(-6.0, 101, 100, TrendRegime.Ranging)]
    public void Trend_rules_on_momentum_and_moving_averages(double momentumPct, double shortMa, double longMa, TrendRegime expected) =>
        Assert.Equal(expected, MarketRegimeDetector.ClassifyTrend(momentumPct, shortMa, longMa, Spec.Trend));

    [Theory]
    [InlineData(MarketRegime.Normal, LiquidityRegime.Illiquid, MarketRegime.Elevated)]
    [InlineData(MarketRegime.Normal, LiquidityRegime.Deep, MarketRegime.Low)]
    [InlineData(MarketRegime.Normal, LiquidityRegime.Shallow, MarketRegime.Normal)]
    [InlineData(MarketRegime.Extreme, LiquidityRegime.Illiquid, MarketRegime.Extreme)]
    [InlineData(MarketRegime.Dormant, LiquidityRegime.Deep, MarketRegime.Dormant)]
    public void Composite_regime_shifts_volatility_one_step_by_liquidity(MarketRegime volatility, LiquidityRegime liquidity, MarketRegime expected) =>
        Assert.Equal(expected, MarketRegimes.Shift(volatility, MarketRegimeDetector.LiquidityShift(liquidity)));

    [Theory]
    [InlineData(TrendRegime.StrongUp, 0.7)]
    [InlineData(TrendRegime.StrongDown, 0.7)]
    [InlineData(TrendRegime.Up, 0.5)]
    [InlineData(TrendRegime.Ranging, 0.5)]
    public void Strong_trend_adds_0_2_confidence(TrendRegime trend, double expected) =>
        Assert.Equal(expected, MarketRegimeDetector.Confidence(trend, Spec.Trend), 12);

    [Theory]
    [InlineData(MarketRegime.Extreme, 2.5, 2.0, 0.5)]
    [InlineData(MarketRegime.High, 1.8, 1.5, 0.7)]
    [InlineData(MarketRegime.Elevated, 1.3, 1.2, 0.9)]
    [InlineData(MarketRegime.Normal, 1.0, 1.0, 1.0)]
    [InlineData(MarketRegime.Low, 0.7, 0.8, 1.2)]
    [InlineData(MarketRegime.Dormant, 0.5, 0.6, 1.5)]
    public void Adaptive_threshold_table_row_reaches_the_regime_annotation(MarketRegime regime, double velocity, double volume, double sensitivity)
    {
        // Drive the detector with a volatility snapshot in the regime and neutral liquidity.
        var detector = new MarketRegimeDetector(Spec);
        var vol = new VolatilitySnapshot { Regime = regime };
        var r = new RegimeSnapshot();
        detector.Classify(ModelFeed.Start, in vol, ref r);
        Assert.Equal(regime, r.Regime);
        Assert.Equal(velocity, r.VelocityMultiplier);
        Assert.Equal(volume, r.VolumeMultiplier);
        Assert.Equal(sensitivity, r.CascadeSensitivity);
        Assert.Equal(Spec.RegimeTable.Row(regime).PositionSizeMultiplier, r.PositionSizeMultiplier);
    }

    [Fact]
    public void Realized_volatility_is_the_root_sum_of_squared_one_second_log_returns_in_percent()
    {
        var engine = new VolatilityEngine(Spec);
        double price = 100_000;
        double sumSquares = 0;
        var moves = new[] { 0.001, -0.002, 0.0015, 0.0005, -0.001 };
        engine.OnPrice(ModelFeed.Start, price, isTrade: true);
        for (int i = 0; i < 120; i++)
        {
            double r = moves[i % moves.Length];
            double next = price * Math.Exp(r);
            engine.OnPrice(ModelFeed.Start + (i + 1) * 1000L, next, isTrade: true);
            double actual = Math.Log(next / price);
            if (i >= 60) sumSquares += actual * actual;   // the last 60 returns make the 1-minute window
            price = next;
        }
        var s = new VolatilitySnapshot();
        engine.Snapshot(ref s);
        Assert.Equal(100 * Math.Sqrt(sumSquares), s.Vol1mPct, 6);
        Assert.True(s.Vol5mPct > s.Vol1mPct);
        Assert.Equal(VolatilityEngine.Classify(s.Vol5mPct, Spec.Volatility), s.Regime);
        Assert.Equal(Math.Clamp(s.Vol5mPct / 1.5, 0.5, 5), s.RiskMultiplier, 12);
    }

    [Fact]
    public void Mark_price_does_not_overwrite_a_second_that_had_trades()
    {
        var engine = new VolatilityEngine(Spec);
        engine.OnPrice(ModelFeed.Start, 100_000, isTrade: true);
        engine.OnPrice(ModelFeed.Start + 1000, 100_100, isTrade: true);
        engine.OnPrice(ModelFeed.Start + 1500, 100_050, isTrade: false);   // mark, same second: ignored
        var s = new VolatilitySnapshot();
        engine.Snapshot(ref s);
        Assert.Equal(100_100, s.BtcPrice);
        engine.OnPrice(ModelFeed.Start + 2500, 100_020, isTrade: false);   // a second without trades: the mark counts
        engine.Snapshot(ref s);
        Assert.Equal(100_020, s.BtcPrice);
    }

    [Fact]
    public void Without_a_btc_price_the_volatility_is_unknown_and_reads_normal()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        ref var slot = ref feed.Liquidation("ETHUSDT", ModelFeed.Start, 10_000);
        Assert.Equal(MarketRegime.Normal, slot.Model.Volatility.Regime);
        Assert.Equal(1.0, slot.Model.Volatility.RiskMultiplier);
    }

    [Fact]
    public void Trend_and_liquidity_follow_btc_trades_and_book()
    {
        var feed = new ModelFeed(ModelFeed.Spec());
        double price = 100_000;
        for (int s = 0; s < 600; s++)
        {
            price *= 1.0001;   // +6 % over ten minutes: a strong up-trend
            feed.Trade("BTCUSDT", ModelFeed.Start + s * 1000L, price, quantity: 1);
        }
        ref var slot = ref feed.Book("BTCUSDT", ModelFeed.Start + 600_000, price - 1, price + 1);
        Assert.Equal(TrendRegime.StrongUp, slot.Model.Regime.Trend);
        Assert.Equal(0.7, slot.Model.Regime.Confidence, 12);
        Assert.True(slot.Model.Volatility.MomentumPct > 5);
        Assert.Equal(2 / price * 10_000, slot.Model.Regime.SpreadBps, 6);
        Assert.InRange(slot.Model.Regime.VolumeRatio, 0.9, 1.2);   // a steady flow reads as average volume
        Assert.Equal(LiquidityRegime.Normal, slot.Model.Regime.Liquidity);
    }
}
