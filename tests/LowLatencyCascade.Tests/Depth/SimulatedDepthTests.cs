using System.IO.Compression;
using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;
using LowLatencyCascade.Feeds.Simulation;
using LowLatencyCascade.Tests.Capture;
using LowLatencyCascade.Tests.Decoders;
using Xunit;

namespace LowLatencyCascade.Tests.Depth;

/// <summary>
/// The generator's books, read back through the real decoders from the capture files it writes: every venue emits
/// its shallow book on its own channel, and the depth near the touch thins around a cascade's peak but not in a
/// pure volatility shock (the decoy), whose spread still widens.
/// </summary>
public class SimulatedDepthTests
{
    private static List<MarketEvent> DepthEvents(ScenarioResult result, Exchange venue, string symbol)
    {
        IVenueProtocol protocol = venue switch
        {
            Exchange.Binance => new BinanceProtocol(BinanceRoute.Public),
            Exchange.Bybit => new BybitProtocol(),
            _ => new OkxProtocol(OkxInstruments.FromContractValues(ScenarioSymbol.Defaults.ToDictionary(s => s.Symbol, s => s.OkxContractValue))),
        };
        var f = new DecoderFixture(protocol);
        string file = result.CaptureFiles.Single(p => Path.GetFileName(p).StartsWith(venue switch
        {
            Exchange.Binance => "binance",
            Exchange.Bybit => "bybit",
            _ => "okx",
        }, StringComparison.Ordinal));
        var events = new List<MarketEvent>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress));
        while (reader.ReadLine() is { } line)
        {
            int space = line.IndexOf(' ');
            if (space < 0 || !line.Contains("depth", StringComparison.Ordinal) && !line.Contains("orderbook.50", StringComparison.Ordinal) && !line.Contains("books5", StringComparison.Ordinal)) continue;
            f.Sink.Clear();
            var r = f.Decode(Encoding.UTF8.GetBytes(line[(space + 1)..]));
            Assert.NotEqual(FrameOutcome.Rejected, r.Outcome);
            foreach (var e in f.Sink.Events) if (e.Kind == EventKind.Depth && f.NameOf(e) == symbol) events.Add(e);
        }
        return events;
    }

    [Fact]
    public void Books_thin_near_the_touch_in_cascades_and_not_in_volatility_shocks_on_every_venue()
    {
        using var dir = new TempDirectory();
        var result = ScenarioGenerator.GenerateToDirectory(dir.Path, new ScenarioOptions
        {
            Seed = 3, Duration = TimeSpan.FromMinutes(12), CascadeEpisodes = 3, Varied = true,
        });
        const string symbol = "BTCUSDT";
        var cascades = result.Labels.Where(l => l.IsCascade && l.Symbol == symbol).ToList();
        var shocks = result.Labels.Where(l => !l.IsCascade && l.LiquidatedSide == Side.None && l.Symbol == symbol).ToList();
        Assert.NotEmpty(cascades);
        Assert.NotEmpty(shocks);
        var all = result.Labels.Where(l => l.Symbol == symbol).ToList();

        foreach (var venue in new[] { Exchange.Binance, Exchange.Bybit, Exchange.Okx })
        {
            var books = DepthEvents(result, venue, symbol);
            Assert.True(books.Count >= 600, $"{venue}: {books.Count} books in 12 minutes (one a second expected)");
            Assert.All(books, b => Assert.True(b.Depth.MinSideLevels >= BookDepth.MinLevels && b.BidPrice < b.AskPrice));
            double Mean(Func<MarketEvent, bool> when) => books.Where(when).Select(b => b.Depth.NearUsd).DefaultIfEmpty(double.NaN).Average();
            double calm = Mean(b => all.All(l => b.EventTimeMs < l.StartMs - 30_000 || b.EventTimeMs > l.EndMs + 30_000));
            double atPeaks = Mean(b => cascades.Any(l => Math.Abs(b.EventTimeMs - l.PeakMs) <= 5_000));
            double inShocks = Mean(b => shocks.Any(l => b.EventTimeMs >= l.StartMs && b.EventTimeMs <= l.EndMs));
            Assert.True(atPeaks < 0.6 * calm, $"{venue}: near-touch depth at cascade peaks {atPeaks:F0} vs calm {calm:F0}");
            // The shock's wider spread moves the touch out, so a little less falls within 10 bps; the sizes are untouched.
            Assert.True(inShocks > 0.7 * calm && atPeaks < 0.6 * inShocks, $"{venue}: near-touch depth in volatility shocks {inShocks:F0} vs calm {calm:F0}, at cascade peaks {atPeaks:F0}");
        }
    }

    [Fact]
    public void Without_depth_the_generated_market_is_the_same_but_for_the_books()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var with = ScenarioGenerator.GenerateToDirectory(a.Path, new ScenarioOptions { Seed = 9, Duration = TimeSpan.FromMinutes(1), CascadeEpisodes = 1 });
        var without = ScenarioGenerator.GenerateToDirectory(b.Path, new ScenarioOptions { Seed = 9, Duration = TimeSpan.FromMinutes(1), CascadeEpisodes = 1, Depth = false });
        Assert.Equal(File.ReadAllText(without.LabelFile), File.ReadAllText(with.LabelFile));
        for (int i = 0; i < with.CaptureFiles.Count; i++)
        {
            static string[] Lines(string path, bool dropBooks)
            {
                using var r = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
                var lines = new List<string>();
                while (r.ReadLine() is { } line)
                {
                    if (dropBooks && (line.Contains("@depth20", StringComparison.Ordinal) || line.Contains("orderbook.50.", StringComparison.Ordinal) || line.Contains("\"books5\"", StringComparison.Ordinal))) continue;
                    lines.Add(line);
                }
                return [.. lines];
            }
            Assert.Equal(Lines(without.CaptureFiles[i], false), Lines(with.CaptureFiles[i], true));
        }
    }
}
