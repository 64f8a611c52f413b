using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Tests.Dashboard;

/// <summary>A replay-like state for the dashboard tests: three symbols, three feeds, four stages, some rejects and issues.</summary>
internal static class DashboardTestData
{
    public const long StartUnixMs = 1_736_000_000_000;

    public static InMemoryDashboardDataSource Replay()
    {
        var source = new InMemoryDashboardDataSource();
        source.SetState(PipelineState.Running);
        var random = new Random(20250903);
        long t = StartUnixMs;
        for (int i = 0; i < 30; i++)
        {
            t += 1000;
            source.Signal("BTCUSDT", SignalLevel.Watch, 0.30 + 0.01 * i + 0.02 * random.NextDouble(), t);
            source.Signal("ETHUSDT", SignalLevel.None, 0.05 + 0.05 * random.NextDouble(), t);
            source.Signal("SOLUSDT", i < 20 ? SignalLevel.Watch : SignalLevel.Alert, 0.2 + 0.015 * i, t);
        }
        source.Frames(accepted: 48_211);
        source.Frames(0, RejectReason.MalformedJson, 3);
        source.Frames(0, RejectReason.UnknownSymbol, 17);
        foreach (var (stage, scale) in new[] { ("decode", 1.5), ("velocity", 2.5), ("regime", 3.1), ("publish", 6.0) })
        {
            for (int i = 0; i < 2000; i++)
            {
                // A long-tailed distribution, like a real stage: most fast, a few slow.
                double u = random.NextDouble();
                source.Latency(stage, Math.Round(scale * (1 + 0.3 * u + (u > 0.99 ? 40 * (u - 0.99) * 100 : 0)), 1));
            }
        }
        source.Market("ELEVATED", "HIGH", 97_123.5, 2.83);
        source.Feed(new FeedHealthView { Connection = "binance-forceOrder", Exchange = "binance", Status = FeedHealthLevel.Green, MessagesPerSecond = 41.5, Reconnects = 0, LatencyMs = 12.4, Uptime = 0.9998 });
        source.Feed(new FeedHealthView { Connection = "bybit-liquidation", Exchange = "bybit", Status = FeedHealthLevel.Yellow, MessagesPerSecond = 3.2, Reconnects = 2, LatencyMs = 231.0, Uptime = 0.991, Healthy = 0.874 });
        source.Feed(new FeedHealthView { Connection = "okx-liquidation-orders", Exchange = "okx", Status = FeedHealthLevel.Green, MessagesPerSecond = 8.9, Reconnects = 1, LatencyMs = 48.3, Uptime = 0.9993 });
        source.Issue(new DataQualityIssueView { TimeUnixMs = t - 5000, Exchange = "bybit", Symbol = "SOLUSDT", Type = "wide_spread", Severity = IssueSeverity.Medium, Description = "spread 6.1% > 5% threshold" });
        source.Issue(new DataQualityIssueView { TimeUnixMs = t - 1000, Exchange = "okx", Symbol = "ETHUSDT", Type = "crossed_book", Severity = IssueSeverity.Critical, Description = "bid 3312.4 >= ask 3312.1" });
        source.SinkDropped("redis", 5);
        source.SinkDropped("websocket", 0);
        source.RingFill(0.125);
        return source;
    }
}
