using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>
/// Open interest and BTC closes come from three venues at their own levels and cadences: the model must read
/// each venue against itself, never one venue against another.
/// </summary>
public class PerVenueSeriesTests
{
    private const string Coin = "ETHUSDT";

    /// <summary>One venue's open-interest reports: its share of the market and its cadence (ms, drawn uniformly).</summary>
    private sealed record Venue(Exchange Exchange, double Share, int MinGapMs, int MaxGapMs, long FirstMs = 0, long LastMs = long.MaxValue);

    // Bybit pushes with its ticker (1-3 s here), OKX every 3 s, Binance only through the REST poll (10-30 s).
    private static readonly Venue[] Venues =
    [
        new(Exchange.Binance, 1.0, 10_000, 30_000),
        new(Exchange.Bybit, 0.6, 1_000, 3_000),
        new(Exchange.Okx, 0.25, 3_000, 3_000),
    ];

    /// <summary>Every venue's report times over <paramref name="durationMs"/>, merged in time order.</summary>
    private static List<(long TimeMs, Venue Venue)> Schedule(Venue[] venues, long durationMs, int seed)
    {
        var rng = new Random(seed);
        var all = new List<(long, Venue)>();
        foreach (var v in venues)
        {
            for (long t = Math.Max(v.FirstMs, rng.Next(v.MaxGapMs)); t < Math.Min(durationMs, v.LastMs); t += rng.Next(v.MinGapMs, v.MaxGapMs + 1))
                all.Add((t, v));
        }
        all.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return all;
    }

    [Fact]
    public void Venues_at_different_levels_and_cadences_read_a_two_percent_drop_as_two_percent_and_a_steady_market_as_zero()
    {
        var feed = new ModelFeed(ModelFeed.Shipped(), Coin);
        var rng = new Random(11);
        const double market = 2_000_000;                         // coins over all venues, before the drop
        const long dropMs = 720_000;                            // every venue's open interest falls 2 % here
        var reportedAfterDrop = new HashSet<Exchange>();
        int steadyChecked = 0, dropChecked = 0;
        foreach (var (t, v) in Schedule(Venues, 780_000, seed: 5))
        {
            double level = market * v.Share * (t >= dropMs ? 0.98 : 1.0) * (1 + 0.0002 * Normal(rng));
            ref var slot = ref feed.OpenInterest(Coin, ModelFeed.Start + t, level, v.Exchange);
            var score = slot.Model.Score;
            if (t >= 330_000 && t < dropMs)
            {
                // A steady market, every horizon filled: noise only.
                Assert.InRange(score.OiChange1m, -0.002, 0.002);
                Assert.InRange(score.OiChange5m, -0.002, 0.002);
                steadyChecked++;
            }
            if (t >= dropMs) reportedAfterDrop.Add(v.Exchange);
            // Once every venue has reported the drop, and while every reference still predates it.
            if (reportedAfterDrop.Count == Venues.Length && t < dropMs + 54_000)
            {
                Assert.InRange(score.OiChange1m, -0.022, -0.018);
                Assert.InRange(score.OiChange5m, -0.022, -0.018);
                dropChecked++;
            }
        }
        Assert.True(steadyChecked > 100, $"{steadyChecked} steady samples checked");
        Assert.True(dropChecked > 5, $"{dropChecked} samples checked after the drop");
    }

    [Fact]
    public void A_venues_level_cadence_late_start_or_silence_never_reads_as_a_change()
    {
        var feed = new ModelFeed(ModelFeed.Shipped(), Coin);
        // Constant open interest on every venue, at very different levels; OKX starts four minutes late and
        // Binance's poll stops after eight minutes.
        Venue[] venues =
        [
            Venues[0] with { LastMs = 480_000 },
            Venues[1],
            Venues[2] with { FirstMs = 240_000 },
        ];
        int checkedSamples = 0;
        foreach (var (t, v) in Schedule(venues, 900_000, seed: 9))
        {
            ref var slot = ref feed.OpenInterest(Coin, ModelFeed.Start + t, 3_000_000 * v.Share, v.Exchange);
            Assert.Equal(0, slot.Model.Score.OiChange1m, 12);
            Assert.Equal(0, slot.Model.Score.OiChange5m, 12);
            checkedSamples++;
        }
        Assert.True(checkedSamples > 300);
    }

    [Fact]
    public void A_venue_that_reports_every_100_ms_still_reaches_back_the_long_horizon()
    {
        var history = new OpenInterestHistory(60, 300);
        // Open interest falling steadily 1 % a minute, reported ten times a second for ten minutes.
        double Level(long t) => 1_000_000 * (1 - 0.01 * t / 60_000.0);
        for (long t = 0; t <= 600_000; t += 100) history.Add(Exchange.Bybit, ModelFeed.Start + t, Level(t));
        // The reference is the newest stored sample at least 0.9 H old: at most one spacing older than that.
        const long now = 600_000;
        double Between(long age) => Level(now) / Level(now - age) - 1;
        Assert.InRange(history.ChangeShort, Between(54_000 + history.SpacingMs + 100), Between(54_000));
        Assert.InRange(history.ChangeLong, Between(270_000 + history.SpacingMs + 100), Between(270_000));
        Assert.True(history.ChangeLong < -0.04);
    }

    [Fact]
    public void Btc_closes_from_several_venues_do_not_read_the_basis_as_volatility()
    {
        // BTC flat, with OKX 3 bp and Bybit 1.5 bp above Binance; every venue prints every second, in turn last.
        var engine = new VolatilityEngine(ModelFeed.Shipped());
        var s = new VolatilitySnapshot();
        for (int i = 0; i < 400; i++)
        {
            long t = ModelFeed.Start + i * 1000L;
            var order = new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx };
            for (int k = 0; k < 3; k++)
            {
                var venue = order[(i + k) % 3];
                double price = venue switch { Exchange.Okx => 100_030, Exchange.Bybit => 100_015, _ => 100_000 };
                engine.OnPrice(t + 100 * k, price, isTrade: true, venue);
            }
        }
        engine.Snapshot(ref s);
        Assert.Equal(Exchange.Binance, engine.ReferenceVenue);
        Assert.Equal(0, s.Vol1mPct);
        Assert.Equal(0, s.Vol5mPct);
        Assert.Equal(100_000, s.BtcPrice);
    }

    [Fact]
    public void A_silent_reference_venue_hands_over_without_reading_the_switch_as_a_return()
    {
        var engine = new VolatilityEngine(ModelFeed.Shipped());
        var s = new VolatilitySnapshot();
        long t = ModelFeed.Start;
        // Binance and OKX (3 bp above) both print, flat, for two minutes.
        for (int i = 0; i < 120; i++, t += 1000)
        {
            engine.OnPrice(t, 100_000, isTrade: true, Exchange.Binance);
            engine.OnPrice(t + 500, 100_030, isTrade: true, Exchange.Okx);
        }
        // Binance goes silent: OKX takes over once Binance has been quiet for the silence limit.
        for (int i = 0; i < 60; i++, t += 1000) engine.OnPrice(t + 500, 100_030, isTrade: true, Exchange.Okx);
        engine.Snapshot(ref s);
        Assert.Equal(Exchange.Okx, engine.ReferenceVenue);
        Assert.Equal(100_030, s.BtcPrice);
        Assert.Equal(0, s.Vol5mPct);
        // Binance comes back: it ranks first and takes the series back, again without a return at the switch.
        for (int i = 0; i < 60; i++, t += 1000)
        {
            engine.OnPrice(t, 100_000, isTrade: true, Exchange.Binance);
            engine.OnPrice(t + 500, 100_030, isTrade: true, Exchange.Okx);
        }
        engine.Snapshot(ref s);
        Assert.Equal(Exchange.Binance, engine.ReferenceVenue);
        Assert.Equal(0, s.Vol5mPct);
        // A real move on the reference still reads as volatility.
        engine.OnPrice(t, 100_300, isTrade: true, Exchange.Binance);
        engine.Snapshot(ref s);
        Assert.Equal(100 * Math.Abs(Math.Log(100_300 / 100_000.0)), s.Vol1mPct, 6);
    }

    private static double Normal(Random r) =>
        Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
