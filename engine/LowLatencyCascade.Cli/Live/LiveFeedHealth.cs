using LowLatencyCascade.Cli.Dashboard;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Transport;

namespace LowLatencyCascade.Cli.Live;

/// <summary>A connection's health as the dashboard and /metrics show it.</summary>
internal static class LiveFeedHealth
{
    public static FeedHealthView View(FeedConnection connection)
    {
        var s = connection.Health.Snapshot();
        return new FeedHealthView
        {
            Connection = connection.Name,
            Exchange = ExchangeInfo.Name(connection.Exchange),
            Status = s.Status switch
            {
                HealthStatus.Green => FeedHealthLevel.Green,
                HealthStatus.Yellow => FeedHealthLevel.Yellow,
                _ => FeedHealthLevel.Red,
            },
            MessagesPerSecond = s.MessagesPerSecond,
            Reconnects = s.ReconnectAttempts,
            LatencyMs = s.AverageLatencyMs,
            Uptime = s.UptimeRatio,
        };
    }
}
