using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>The shipped defaults on scripted markets: a cascade climbs and falls back; isolated bursts and quiet markets stay low.</summary>
public class CascadeScenarioTests
{
    private const int QuietSeconds = 1800;

    private static (ModelFeed Feed, SyntheticMarket Market) Build(CascadeModelOptions? options = null)
    {
        var feed = new ModelFeed(options ?? ModelFeed.Shipped(), SyntheticMarket.Alts());
        return (feed, new SyntheticMarket(feed));
    }

    [Fact]
    public void Scripted_cascade_climbs_watch_alert_critical_and_falls_back()
    {
        var (feed, market) = Build();
        int target = feed.Id(SyntheticMarket.Alt(0));
        var levels = new List<(long Time, SignalLevel Level)>();
        market.OnSignal = (id, t, level, _) => { if (id == target) levels.Add((t, level)); };
        for (int s = 0; s < QuietSeconds; s++) market.Second(s);
        Assert.All(levels, l => Assert.True(l.Level <= SignalLevel.Watch, $"quiet market at {l.Level}"));
        levels.Clear();

        // 90 s: the burst spreads from 2 symbols to all 40 within 30 s, holds, then ebbs over 30 s.
        for (int k = 0; k < 90; k++)
        {
            int active = k < 30 ? 2 + k * 38 / 30 : k < 60 ? SyntheticMarket.AltCount : SyntheticMarket.AltCount * (90 - k) / 30;
            market.Second(QuietSeconds + k, Enumerable.Range(0, active), bybitToo: k >= 10 && k < 70);
        }
        long cascadeEnd = ModelFeed.Start + (QuietSeconds + 90) * 1000L;
        for (int s = QuietSeconds + 90; s < QuietSeconds + 400; s++) market.Second(s);

        var firstReached = new Dictionary<SignalLevel, long>();
        foreach (var (t, level) in levels) firstReached.TryAdd(level, t);
        Assert.True(firstReached.ContainsKey(SignalLevel.Watch), "never WATCH");
        Assert.True(firstReached.ContainsKey(SignalLevel.Alert), "never ALERT");
        Assert.True(firstReached.ContainsKey(SignalLevel.Critical), "never CRITICAL");
        Assert.True(firstReached[SignalLevel.Watch] <= firstReached[SignalLevel.Alert]);
        Assert.True(firstReached[SignalLevel.Alert] <= firstReached[SignalLevel.Critical]);
        // Early: ALERT within the first 20 s of the burst.
        Assert.True(firstReached[SignalLevel.Alert] - (ModelFeed.Start + QuietSeconds * 1000L) <= 20_000);
        // Falls back once it is over.
        var after = levels.Where(l => l.Time > cascadeEnd + 60_000).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, l => Assert.True(l.Level <= SignalLevel.Watch, $"still {l.Level} after the cascade"));
    }

    [Fact]
    public void Isolated_burst_in_one_coin_stays_at_watch_or_low_alert()
    {
        var (feed, market) = Build();
        int target = feed.Id(SyntheticMarket.Alt(7));
        double maxProbability = 0;
        var maxLevel = SignalLevel.None;
        for (int s = 0; s < QuietSeconds; s++) market.Second(s);
        market.OnSignal = (id, _, level, p) =>
        {
            if (id != target) return;
            maxProbability = Math.Max(maxProbability, p);
            if (level > maxLevel) maxLevel = level;
        };
        for (int k = 0; k < 60; k++) market.Second(QuietSeconds + k, [7], burstUsd: 150_000);
        Assert.True(maxLevel >= SignalLevel.Watch, "an obvious burst should at least be watched");
        Assert.True(maxLevel <= SignalLevel.Alert, $"isolated burst reached {maxLevel}");
        Assert.True(maxProbability < 0.6, $"probability {maxProbability}");
    }

    [Fact]
    public void Quiet_market_stays_none_or_watch()
    {
        var (_, market) = Build();
        var maxLevel = SignalLevel.None;
        market.OnSignal = (_, _, level, _) => { if (level > maxLevel) maxLevel = level; };
        for (int s = 0; s < 3600; s++) market.Second(s);
        Assert.True(maxLevel <= SignalLevel.Watch, $"quiet market reached {maxLevel}");
    }

    [Theory]
    [InlineData(1000, false)]   // evidence the rule cannot call overwhelming: held at WATCH
    [InlineData(8, true)]       // the shipped rule: a burst across every alt on two venues is overwhelming
    public void Warm_up_holds_weak_evidence_at_watch_and_lets_overwhelming_evidence_through(int minEvents, bool rises)
    {
        var options = ModelFeed.Shipped();
        options.WarmupSeconds = 120;
        options.Warmup.MinEvents = minEvents;
        var (feed, market) = Build(options);
        var maxLevel = SignalLevel.None;
        bool coldSignal = false;
        market.OnSignal = (_, _, level, _) => { if (level > maxLevel) maxLevel = level; };
        for (int s = 0; s < 60; s++)
        {
            market.Second(s, Enumerable.Range(0, SyntheticMarket.AltCount), bybitToo: true);
            coldSignal |= feed.Slot.Signal.Generated && !feed.Slot.Model.Score.Warm && feed.Slot.Model.Score.WarmupProgress < 1;
        }
        Assert.False(feed.Model.IsWarm);
        Assert.True(coldSignal);
        if (rises) Assert.True(maxLevel >= SignalLevel.Alert, $"max {maxLevel}");
        else Assert.Equal(SignalLevel.Watch, maxLevel);
        for (int s = 60; s < 121; s++) market.Second(s);
        Assert.True(feed.Model.IsWarm);
        Assert.Equal(1.0, feed.Model.WarmupProgress);
    }

    [Fact]
    public void A_signal_is_generated_at_most_every_100_ms_per_symbol()
    {
        var feed = new ModelFeed(ModelFeed.Spec());
        int generated = 0;
        for (long t = 0; t < 2000; t += 10)
        {
            if (feed.Trade("BTCUSDT", ModelFeed.Start + t, 100_000).Signal.Generated) generated++;
        }
        Assert.Equal(2000 / feed.Model.Options.SignalIntervalMs, generated);
    }

    [Fact]
    public void A_signal_is_generated_at_once_when_the_level_changes()
    {
        var o = CascadeModelOptions.SpecPreset();
        o.Scales.Velocity = 0.1;       // one liquidation in 10 s is a full velocity score
        o.Scales.Acceleration = 0.01;
        var feed = new ModelFeed(o, "ETHUSDT");
        Assert.True(feed.MarkPrice("ETHUSDT", ModelFeed.Start, 3000).Signal.Generated);
        Assert.False(feed.MarkPrice("ETHUSDT", ModelFeed.Start + 10, 3000).Signal.Generated);
        ref var slot = ref feed.Liquidation("ETHUSDT", ModelFeed.Start + 20, 10_000);
        Assert.True(slot.Signal.Level > SignalLevel.None);
        Assert.True(slot.Signal.Generated);
        Assert.False(feed.MarkPrice("ETHUSDT", ModelFeed.Start + 30, 3000).Signal.Generated);
    }

    [Fact]
    public void Same_input_gives_the_same_signals()
    {
        static List<(int, long, SignalLevel, double)> Run()
        {
            var (_, market) = Build();
            var signals = new List<(int, long, SignalLevel, double)>();
            market.OnSignal = (id, t, level, p) => signals.Add((id, t, level, p));
            for (int s = 0; s < 400; s++) market.Second(s, s > 300 && s < 360 ? Enumerable.Range(0, (s - 300) / 2) : null, bybitToo: s > 320);
            return signals;
        }
        var first = Run();
        Assert.Equal(first, Run());
        Assert.Contains(first, x => x.Item3 >= SignalLevel.Watch);
    }
}
