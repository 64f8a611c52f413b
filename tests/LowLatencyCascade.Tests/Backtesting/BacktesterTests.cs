using LowLatencyCascade.Feeds.Simulation;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Hosting.Backtesting;
using Xunit;

namespace LowLatencyCascade.Tests.Backtest;

public class BacktesterTests
{
    private static CascadeLabel Cascade(string symbol, long start, long peak, long end, int episode = 1) =>
        new(symbol, start, peak, end, true, episode, Side.Long);

    [Fact]
    public void Detection_lead_time_and_false_positive_rate_follow_from_the_signals()
    {
        const long margin = 5_000;
        var labels = new[]
        {
            Cascade("BTCUSDT", 100_000, 130_000, 200_000),
            Cascade("ETHUSDT", 100_000, 140_000, 200_000),
            Cascade("SOLUSDT", 100_000, 120_000, 200_000), // never reaches ALERT
            new CascadeLabel("DOGEUSDT", 500_000, 505_000, 510_000, false, 2, Side.Long),
        };
        long btcFirstAlert = 100_000 - margin + 1_000;     // inside the pre-start margin
        long ethFirstAlert = 150_000;                     // after the peak: negative lead
        var signals = new List<BacktestSignal>
        {
            new("BTCUSDT", 90_000, SignalLevel.Watch, 0.35),
            new("BTCUSDT", btcFirstAlert, SignalLevel.Alert, 0.55),
            new("BTCUSDT", 120_000, SignalLevel.Critical, 0.75),
            new("BTCUSDT", 250_000, SignalLevel.None, 0.1),
            new("BTCUSDT", 300_000, SignalLevel.Alert, 0.6),      // false positive run 1
            new("BTCUSDT", 301_000, SignalLevel.None, 0.1),
            new("ETHUSDT", ethFirstAlert, SignalLevel.Alert, 0.5),
            new("SOLUSDT", 110_000, SignalLevel.Watch, 0.4),
            new("DOGEUSDT", 506_000, SignalLevel.Extreme, 0.95), // on a non-cascade burst: false positive run 2
        };
        var report = new Backtester(new BacktestOptions { PreStartMargin = TimeSpan.FromMilliseconds(margin) }).Run(signals, labels);

        Assert.Equal(3, report.CascadeCount);
        Assert.Equal(2, report.DetectedCount);
        Assert.Equal(2.0 / 3, report.DetectionRate, 9);
        long btcLead = 130_000 - btcFirstAlert, ethLead = 140_000 - ethFirstAlert;
        Assert.Equal((btcLead + ethLead) / 2.0, report.MeanLeadTimeMs!.Value, 9);
        Assert.Equal((btcLead + ethLead) / 2.0, report.MedianLeadTimeMs!.Value, 9);
        // ALERT+ runs: BTC in cascade, BTC at 300 s, ETH in cascade, DOGE burst = 4 runs, 2 outside cascades.
        Assert.Equal(4, report.SignalEpisodes);
        Assert.Equal(2, report.FalsePositiveEpisodes);
        Assert.Equal(0.5, report.FalsePositiveRate, 9);
        Assert.Equal(1, report.BurstsFlagged);

        var watch = report.Row(SignalLevel.Watch);
        Assert.Equal((3, 0), (watch.CascadesReached, watch.CascadesMissed));
        var critical = report.Row(SignalLevel.Critical);
        Assert.Equal((1, 2), (critical.CascadesReached, critical.CascadesMissed));
        Assert.Equal((1, 1), (critical.SignalEpisodesInCascade, critical.SignalEpisodesOutside)); // BTC at 120 s, DOGE
        var extreme = report.Row(SignalLevel.Extreme);
        Assert.Equal((0, 1), (extreme.SignalEpisodesInCascade, extreme.SignalEpisodesOutside));

        Assert.Contains("detection (ALERT+): 2/3", report.ToText());
        using var json = System.Text.Json.JsonDocument.Parse(report.ToJson());
        Assert.Equal(0.5, json.RootElement.GetProperty("false_positive_rate").GetDouble(), 9);
        Assert.Equal(4, json.RootElement.GetProperty("confusion").GetArrayLength());
    }

    [Fact]
    public void A_signal_before_the_margin_does_not_count_as_detection()
    {
        var labels = new[] { Cascade("BTCUSDT", 100_000, 110_000, 120_000) };
        var signals = new[] { new BacktestSignal("btcusdt", 80_000, SignalLevel.Alert, 0.6), new BacktestSignal("BTCUSDT", 81_000, SignalLevel.None, 0) };
        var report = new Backtester(new BacktestOptions { PreStartMargin = TimeSpan.FromSeconds(10) }).Run(signals, labels);
        Assert.Equal(0, report.DetectedCount);
        Assert.Equal(1.0, report.FalsePositiveRate);
    }

    [Fact]
    public void Labels_round_trip_through_the_jsonl_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.jsonl");
        try
        {
            var labels = new[]
            {
                Cascade("BTCUSDT", 1, 2, 3, 7),
                new CascadeLabel("DOGEUSDT", 10, 20, 30, false, 8, Side.Short),
            };
            CascadeLabelFile.Write(path, labels);
            Assert.Equal(labels, CascadeLabelFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
