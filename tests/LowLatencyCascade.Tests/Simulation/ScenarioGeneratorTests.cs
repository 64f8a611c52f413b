using System.Text.Json;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Simulation;
using LowLatencyCascade.Tests.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Simulation;

public class ScenarioGeneratorTests
{
    private static readonly ScenarioOptions Short = new() { Duration = TimeSpan.FromMinutes(4), CascadeEpisodes = 2, Seed = 7 };

    [Fact]
    public void The_same_seed_gives_identical_bytes_and_another_seed_differs()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        using var c = new TempDirectory();
        var ra = ScenarioGenerator.GenerateToDirectory(a.Path, Short);
        var rb = ScenarioGenerator.GenerateToDirectory(b.Path, Short);
        var rc = ScenarioGenerator.GenerateToDirectory(c.Path, Short with { Seed = 8 });
        Assert.Equal(3, ra.CaptureFiles.Count);
        for (int i = 0; i < ra.CaptureFiles.Count; i++)
        {
            Assert.Equal(Path.GetFileName(ra.CaptureFiles[i]), Path.GetFileName(rb.CaptureFiles[i]));
            Assert.Equal(File.ReadAllBytes(ra.CaptureFiles[i]), File.ReadAllBytes(rb.CaptureFiles[i]));
        }
        Assert.Equal(File.ReadAllBytes(ra.LabelFile), File.ReadAllBytes(rb.LabelFile));
        Assert.NotEqual(File.ReadAllBytes(ra.CaptureFiles[1]), File.ReadAllBytes(rc.CaptureFiles[1]));
    }

    [Fact]
    public void Frames_are_valid_json_of_each_venues_documented_shape_with_its_side_convention()
    {
        using var dir = new TempDirectory();
        var result = ScenarioGenerator.GenerateToDirectory(dir.Path, Short);
        var consumer = new RecordingConsumer();
        var summary = new CaptureReplayer([dir.Path]).Run(consumer, TestContext.Current.CancellationToken);
        Assert.Equal(0, summary.Issues);
        Assert.Equal(result.Frames, summary.Frames);

        int binanceLiq = 0, bybitLiq = 0, okxLiq = 0;
        var binanceLiqSeconds = new HashSet<(string, long)>();
        foreach (var item in consumer.Items)
        {
            using var doc = JsonDocument.Parse(item.Frame!);
            var root = doc.RootElement;
            switch (item.Exchange)
            {
                case LowLatencyCascade.Engine.Events.Exchange.Binance:
                {
                    var data = root.GetProperty("data");
                    string stream = root.GetProperty("stream").GetString()!;
                    string kind = data.GetProperty("e").GetString()!;
                    if (kind == "forceOrder")
                    {
                        Assert.Equal("!forceOrder@arr", stream);
                        var o = data.GetProperty("o");
                        Assert.Contains(o.GetProperty("S").GetString(), new[] { "SELL", "BUY" });
                        Assert.True(double.Parse(o.GetProperty("q").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
                        Assert.Equal("FILLED", o.GetProperty("X").GetString());
                        Assert.True(binanceLiqSeconds.Add((o.GetProperty("s").GetString()!, o.GetProperty("T").GetInt64() / 1000)),
                            "Binance pushes at most one liquidation per symbol per second");
                        binanceLiq++;
                    }
                    else
                    {
                        Assert.Contains(kind, new[] { "aggTrade", "bookTicker", "markPriceUpdate", "depthUpdate" });
                        if (kind == "depthUpdate") Assert.Equal(JsonValueKind.String, data.GetProperty("b")[0][0].ValueKind); // partial depth: [[price, qty], ...]
                        else Assert.Equal(JsonValueKind.String, data.GetProperty(kind == "markPriceUpdate" ? "r" : kind == "aggTrade" ? "p" : "b").ValueKind);
                    }
                    break;
                }
                case LowLatencyCascade.Engine.Events.Exchange.Bybit:
                {
                    string topic = root.GetProperty("topic").GetString()!;
                    if (topic.StartsWith("allLiquidation."))
                    {
                        var d = root.GetProperty("data")[0];
                        Assert.Contains(d.GetProperty("S").GetString(), new[] { "Buy", "Sell" });
                        Assert.Equal(JsonValueKind.String, d.GetProperty("v").ValueKind);
                        Assert.Equal(topic["allLiquidation.".Length..], d.GetProperty("s").GetString());
                        bybitLiq++;
                    }
                    else
                    {
                        Assert.Matches("^(publicTrade|orderbook\\.1|orderbook\\.50|tickers)\\.[A-Z]+USDT$", topic);
                        Assert.Contains(root.GetProperty("type").GetString(), new[] { "snapshot", "delta" });
                    }
                    break;
                }
                default:
                {
                    string channel = root.GetProperty("arg").GetProperty("channel").GetString()!;
                    var d = root.GetProperty("data")[0];
                    if (channel == "liquidation-orders")
                    {
                        var detail = d.GetProperty("details")[0];
                        string posSide = detail.GetProperty("posSide").GetString()!;
                        Assert.Equal(posSide == "long" ? "sell" : "buy", detail.GetProperty("side").GetString());
                        Assert.EndsWith("-USDT-SWAP", d.GetProperty("instId").GetString());
                        Assert.Equal(JsonValueKind.String, detail.GetProperty("ts").ValueKind);
                        okxLiq++;
                    }
                    else
                    {
                        Assert.Contains(channel, new[] { "trades", "bbo-tbt", "funding-rate", "open-interest", "books5" });
                    }
                    break;
                }
            }
        }
        Assert.True(binanceLiq > 0 && bybitLiq > 0 && okxLiq > 0);
        Assert.True(binanceLiq < result.LiquidationsByVenue["binance"], "Binance's one-per-second rule thins its liquidations");
        Assert.Equal(result.LiquidationsByVenue["bybit"], bybitLiq);
        Assert.Equal(result.LiquidationsByVenue["okx"], okxLiq);
    }

    [Fact]
    public void Labels_agree_with_the_generated_intensity()
    {
        using var dir = new TempDirectory();
        var result = ScenarioGenerator.GenerateToDirectory(dir.Path, Short with { Difficulty = ScenarioDifficulty.Hard });
        Assert.Contains(result.Labels, l => l.IsCascade && l.Symbol == "BTCUSDT");
        Assert.Contains(result.Labels, l => !l.IsCascade);
        Assert.All(result.Labels, l => Assert.InRange(l.PeakMs, l.StartMs, l.EndMs));

        // Bybit sends every liquidation: count BTC's inside and outside its cascade windows, per second.
        var consumer = new RecordingConsumer();
        new CaptureReplayer([dir.Path]).Run(consumer, TestContext.Current.CancellationToken);
        var windows = result.Labels.Where(l => l.IsCascade && l.Symbol == "BTCUSDT").ToList();
        long inside = 0, outside = 0;
        foreach (var item in consumer.Items.Where(i => i.Exchange == LowLatencyCascade.Engine.Events.Exchange.Bybit && i.Frame!.Contains("allLiquidation.BTCUSDT")))
        {
            using var doc = JsonDocument.Parse(item.Frame!);
            long t = doc.RootElement.GetProperty("data")[0].GetProperty("T").GetInt64();
            if (windows.Any(w => t >= w.StartMs && t <= w.EndMs)) inside++; else outside++;
        }
        double insideSeconds = windows.Sum(w => (w.EndMs - w.StartMs) / 1000.0);
        double outsideSeconds = Short.Duration.TotalSeconds - insideSeconds;
        Assert.True(inside / insideSeconds > 5 * (outside / outsideSeconds), $"inside {inside}/{insideSeconds:F0}s outside {outside}/{outsideSeconds:F0}s");
    }
}
