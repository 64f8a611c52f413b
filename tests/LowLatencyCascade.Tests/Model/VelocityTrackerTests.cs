using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>The velocity tracker through the velocity stage: windows, acceleration, volume, venues, market, duplicates.</summary>
public class VelocityTrackerTests
{
    [Fact]
    public void Rates_over_the_10_30_60_and_300_second_windows()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        for (int s = 0; s < 30; s++) feed.Liquidation("ETHUSDT", ModelFeed.Start + s * 1000L, 20_000);
        var v = feed.Slot.Model.Velocity;
        Assert.Equal(1.0, v.Velocity10s, 12);
        Assert.Equal(1.0, v.Velocity30s, 12);
        Assert.Equal(30 / 60.0, v.Velocity60s, 12);
        Assert.Equal(30 / 300.0, v.Velocity300s, 12);
        Assert.Equal(20_000, v.VolumeUsdPerSec, 6);
    }

    [Fact]
    public void Windows_slide_with_event_time_not_with_arrivals()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        for (int s = 0; s < 10; s++) feed.Liquidation("ETHUSDT", ModelFeed.Start + s * 1000L, 20_000);
        ref var later = ref feed.MarkPrice("ETHUSDT", ModelFeed.Start + 19_500, 3000);   // 10 s after the last one
        Assert.Equal(0, later.Model.Velocity.Velocity10s);
        Assert.Equal(10 / 30.0, later.Model.Velocity.Velocity30s, 12);
        Assert.Equal(0, later.Model.Velocity.VolumeUsdPerSec);
    }

    [Fact]
    public void Acceleration_is_the_change_of_the_10_second_rate_over_10_seconds()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        // 2 liquidations in the first 10 s, then 8 in the next 10 s (on different venues: up to three per second).
        feed.Liquidation("ETHUSDT", ModelFeed.Start + 1000, 1000);
        feed.Liquidation("ETHUSDT", ModelFeed.Start + 5000, 1000);
        for (int k = 0; k < 8; k++) feed.Liquidation("ETHUSDT", ModelFeed.Start + 10_000 + k * 1000L, 1000, venue: (Exchange)(k % 3));
        var v = feed.Slot.Model.Velocity;
        Assert.Equal(0.8, v.Velocity10s, 12);
        Assert.Equal((0.8 - 0.2) / 10, v.Acceleration, 12);
    }

    [Fact]
    public void Long_share_counts_liquidated_longs_in_the_last_minute()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        Assert.Equal(0.5, feed.MarkPrice("ETHUSDT", ModelFeed.Start, 3000).Model.Velocity.LongShare);
        for (int s = 0; s < 4; s++) feed.Liquidation("ETHUSDT", ModelFeed.Start + s * 1000L, 1000, s == 0 ? Side.Short : Side.Long);
        Assert.Equal(0.75, feed.Slot.Model.Velocity.LongShare, 12);
    }

    [Fact]
    public void The_same_liquidation_twice_counts_once_and_is_marked_duplicate()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        for (int s = 0; s < 5; s++)
        {
            Assert.False(feed.Liquidation("ETHUSDT", ModelFeed.Start + s * 1000L, 5000).Model.Duplicate);
            ref var copy = ref feed.Liquidation("ETHUSDT", ModelFeed.Start + s * 1000L, 5000);
            Assert.True(copy.Model.Duplicate);
            Assert.False(copy.Signal.Generated);
        }
        Assert.Equal(5, feed.Model.Velocity.Duplicates);
        Assert.Equal(5, feed.Model.Velocity.Tracker.Counted);
        Assert.Equal(0.5, feed.MarkPrice("ETHUSDT", ModelFeed.Start + 5000, 3000).Model.Velocity.Velocity10s, 12);
        // Same time and size on another venue, or another side, is a different liquidation.
        Assert.False(feed.Liquidation("ETHUSDT", ModelFeed.Start + 4000, 5000, venue: Exchange.Bybit).Model.Duplicate);
        Assert.False(feed.Liquidation("ETHUSDT", ModelFeed.Start + 4000, 5000, side: Side.Short).Model.Duplicate);
    }

    [Fact]
    public void Venues_that_burst_together_correlate_and_the_first_to_burst_leads()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        long t = ModelFeed.Start;
        // Bybit starts a burst; Binance follows 2 s later; both liquidate in the same seconds from then on, in pulses.
        feed.Liquidation("ETHUSDT", t, 1000, venue: Exchange.Bybit);
        for (int s = 2; s < 40; s++)
        {
            if (s % 4 >= 2) continue;
            feed.Liquidation("ETHUSDT", t + s * 1000L, 1000, venue: Exchange.Bybit);
            feed.Liquidation("ETHUSDT", t + s * 1000L + 100, 1000, venue: Exchange.Binance);
        }
        var v = feed.Slot.Model.Velocity;
        Assert.True(v.ExchangeCorrelation > 0.9, $"correlation {v.ExchangeCorrelation}");
        Assert.True(v.HasLeadingExchange);
        Assert.Equal(Exchange.Bybit, v.LeadingExchange);
    }

    [Fact]
    public void Per_venue_velocity_counts_each_venue_separately()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT", "SOLUSDT");
        for (int s = 0; s < 10; s++)
        {
            feed.Liquidation("ETHUSDT", ModelFeed.Start + s * 1000L, 1000, venue: Exchange.Binance);
            if (s % 2 == 0) feed.Liquidation("ETHUSDT", ModelFeed.Start + s * 1000L + 10, 1000, venue: Exchange.Okx);
            if (s < 3) feed.Liquidation("SOLUSDT", ModelFeed.Start + s * 1000L + 20, 1000, venue: Exchange.Okx);
        }
        var tracker = feed.Model.Velocity.Tracker;
        int eth = feed.Id("ETHUSDT");
        Assert.Equal(1.0, tracker.VenueVelocity(eth, Exchange.Binance), 12);
        Assert.Equal(0.5, tracker.VenueVelocity(eth, Exchange.Okx), 12);
        Assert.Equal(0.0, tracker.VenueVelocity(eth, Exchange.Bybit), 12);
        Assert.Equal(0.8, tracker.MarketVenueVelocity(Exchange.Okx), 12);
        feed.MarkPrice("ETHUSDT", ModelFeed.Start + 15_500, 3000);
        Assert.Equal(0.4, tracker.VenueVelocity(eth, Exchange.Binance), 12);   // seconds 6..9 left in the window
    }

    [Fact]
    public void Market_aggregate_counts_every_symbol_and_breadth_counts_each_symbol_once()
    {
        string[] symbols = ["AUSDT", "BUSDT", "CUSDT", "DUSDT"];
        var feed = new ModelFeed(ModelFeed.Spec(), symbols);
        for (int s = 0; s < 5; s++)
        {
            foreach (var sym in symbols) feed.Liquidation(sym, ModelFeed.Start + s * 1000L, 1000);
        }
        var v = feed.Slot.Model.Velocity;
        Assert.Equal(4, v.MarketBreadth);
        Assert.Equal(20 / 10.0, v.MarketVelocity10s, 12);
        Assert.Equal(0.5, v.Velocity10s, 12);
        ref var later = ref feed.MarkPrice("AUSDT", ModelFeed.Start + 40_000, 1);   // past the 30 s breadth window
        Assert.Equal(0, later.Model.Velocity.MarketBreadth);
    }

    [Fact]
    public void A_late_liquidation_counts_in_the_newest_second()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        feed.Liquidation("ETHUSDT", ModelFeed.Start + 20_000, 1000);
        feed.Liquidation("ETHUSDT", ModelFeed.Start + 5_000, 1000);   // 15 s late
        Assert.Equal(0.2, feed.Slot.Model.Velocity.Velocity10s, 12);
    }

    [Fact]
    public void Baseline_is_the_long_horizon_rate_of_the_symbol()
    {
        var feed = new ModelFeed(ModelFeed.Shipped(), "ETHUSDT");
        feed.MarkPrice("ETHUSDT", ModelFeed.Start, 3000);
        for (int k = 1; k <= 120; k++) feed.Liquidation("ETHUSDT", ModelFeed.Start + k * 10_000L, 2000);   // one every 10 s for 20 min
        var v = feed.Slot.Model.Velocity;
        Assert.InRange(v.BaselineRate, 0.09, 0.11);
        Assert.InRange(v.BaselineVolumeUsdPerSec, 180, 220);
    }

    [Fact]
    public void During_the_warm_up_the_tier_prior_stands_in_for_the_baseline_and_is_gone_when_it_ends()
    {
        var options = ModelFeed.Shipped();
        options.WarmupSeconds = 600;         // ETHUSDT is in the major tier: 0.05/s
        var feed = new ModelFeed(options, "ETHUSDT");
        feed.MarkPrice("ETHUSDT", ModelFeed.Start, 3000);
        feed.Liquidation("ETHUSDT", ModelFeed.Start + 10_000L, 2000);
        Assert.InRange(feed.Slot.Model.Velocity.BaselineRate, 0.04, 0.06);       // one liquidation in 10 s is no yardstick
        for (int k = 1; k <= 70; k++) feed.Liquidation("ETHUSDT", ModelFeed.Start + 10_000L + k * 10_000L, 2000);   // 0.1/s to 720 s
        Assert.InRange(feed.Slot.Model.Velocity.BaselineRate, 0.09, 0.11);       // the warm-up is over: observed only
        options.Priors.Enabled = false;
        var cold = new ModelFeed(options, "ETHUSDT");
        cold.MarkPrice("ETHUSDT", ModelFeed.Start, 3000);
        cold.Liquidation("ETHUSDT", ModelFeed.Start + 10_000L, 2000);
        Assert.True(cold.Slot.Model.Velocity.BaselineRate < 0.04, $"without priors {cold.Slot.Model.Velocity.BaselineRate}");
    }

    [Fact]
    public void Rejected_gap_and_empty_slots_pass_through_untouched()
    {
        var feed = new ModelFeed(ModelFeed.Spec(), "ETHUSDT");
        foreach (var kind in new[] { EventKind.Rejected, EventKind.Gap, EventKind.None })
        {
            var slot = new MarketEvent();
            slot.ResetInput();
            slot.Kind = kind;
            slot.SymbolId = kind == EventKind.Gap ? 1 : -1;
            slot.Reject = kind == EventKind.Rejected ? RejectReason.MalformedJson : RejectReason.None;
            var before = slot;
            feed.Model.Process(ref slot);
            Assert.Equal(before, slot);
            Assert.False(slot.Signal.Generated);
        }
    }
}
