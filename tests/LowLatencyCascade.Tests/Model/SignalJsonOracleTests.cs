using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Engine.Signals;
using Xunit;

namespace LowLatencyCascade.Tests.Model;

/// <summary>
/// The direct encoder must write exactly the bytes the <see cref="Utf8JsonWriter"/>-based reference writes: golden
/// files and <c>--verify</c> compare signals byte for byte across versions.
/// </summary>
public class SignalJsonOracleTests
{
    [Fact]
    public void Every_signal_of_a_cascade_encodes_to_the_reference_bytes()
    {
        var feed = new ModelFeed(ModelFeed.Shipped(), SyntheticMarket.Alts());
        var market = new SyntheticMarket(feed);
        var direct = new SignalJsonEncoder(feed.Symbols);
        var reference = new ReferenceSignalJsonEncoder(feed.Symbols);
        int compared = 0;
        var levels = new HashSet<SignalLevel>();
        market.OnSignal = (_, _, level, _) =>
        {
            ref var slot = ref feed.Slot;
            AssertSameBytes(reference.Encode(ref slot), direct.Encode(ref slot));
            levels.Add(level);
            compared++;
        };
        for (int s = 0; s < 900; s++) market.Second(s);
        for (int k = 0; k < 40; k++) market.Second(900 + k, Enumerable.Range(0, 30), bybitToo: true);
        for (int s = 940; s < 1000; s++) market.Second(s);
        Assert.True(compared > 1000, $"only {compared} signals compared");
        Assert.Contains(SignalLevel.None, levels);
        Assert.True(levels.Max() >= SignalLevel.Alert, $"the cascade reached only {levels.Max()}");
    }

    [Fact]
    public void Random_slots_encode_to_the_reference_bytes()
    {
        var symbols = new SymbolTable(64);
        symbols.GetOrAdd("BTCUSDT");
        symbols.GetOrAdd("1000PEPE_USDT");
        symbols.GetOrAdd(Encoding.UTF8.GetBytes("币安人生USDT"));   // Binance lists a few symbols with non-Latin names
        var direct = new SignalJsonEncoder(symbols);
        var reference = new ReferenceSignalJsonEncoder(symbols);
        var rng = new Random(7);
        double[] edges = [0, -0.0, 1, -1, 0.5, -0.5, 0.00005, 0.99995, 1e-9, 123456.789, 9e15, -9e15, 1e17, 1e300,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, 0.1 + 0.2];
        double Next() => rng.Next(4) switch
        {
            0 => edges[rng.Next(edges.Length)],
            1 => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 12)),
            2 => rng.NextDouble(),
            _ => rng.Next(-1000, 1000),
        };
        for (int i = 0; i < 20_000; i++)
        {
            var slot = new MarketEvent
            {
                SymbolId = rng.Next(-1, 4),   // -1 and 3 are not in the table: written as UNKNOWN
                ExchangeTimeMs = rng.NextInt64(0, 4_000_000_000_000),
            };
            slot.Signal = new SignalAnnotation
            {
                Generated = true, Level = (SignalLevel)rng.Next(SignalLevels.Count), Probability = Next(),
                Feeds = new FeedHealthAnnotation { Fresh = (byte)rng.Next(8), Red = (byte)rng.Next(8), Stale = (byte)rng.Next(8), Gap = (byte)rng.Next(8) },
            };
            ref var s = ref slot.Model.Score;
            (s.Velocity, s.Acceleration, s.Volume, s.OiChange, s.Funding, s.Volatility) = (Next(), Next(), Next(), Next(), Next(), Next());
            (s.OiChange1m, s.OiChange5m, s.FundingRate, s.MarketFactor) = (Next(), Next(), Next(), Next());
            s.Drivers = (ScoreComponents)rng.Next(64);
            s.Adjustments = (ProbabilityAdjustments)rng.Next(128);
            s.Override = (LevelOverride)rng.Next(5);
            s.Warm = rng.Next(2) == 0;
            ref var v = ref slot.Model.Velocity;
            (v.Velocity10s, v.Acceleration, v.VolumeUsdPerSec, v.ExchangeCorrelation) = (Next(), Next(), Next(), Next());
            v.HasLeadingExchange = rng.Next(2) == 0;
            v.LeadingExchange = (Exchange)rng.Next(3);
            ref var vol = ref slot.Model.Volatility;
            (vol.BtcPrice, vol.RiskMultiplier, vol.Regime) = (Next(), Next(), (MarketRegime)rng.Next(MarketRegimes.Count));
            slot.Model.Regime.Regime = (MarketRegime)rng.Next(MarketRegimes.Count);
            slot.Stamps.Ingress = rng.NextInt64(1, 1_000_000);
            slot.Stamps.Scored = slot.Stamps.Ingress + rng.NextInt64(0, 10_000_000);
            AssertSameBytes(reference.Encode(ref slot), direct.Encode(ref slot));
        }
    }

    private static void AssertSameBytes(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        if (!expected.SequenceEqual(actual)) Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
    }
}
