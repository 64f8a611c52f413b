using System.Diagnostics;
using LowLatencyCascade.Hosting.Dashboard;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Health;
using LowLatencyCascade.Feeds.Health;
using LowLatencyCascade.Feeds.Transport;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>A connection's health as the dashboard and /metrics show it.</summary>
internal static class LiveFeedHealth
{
    public static FeedHealthView View(FeedConnection connection, FeedStatusMonitor? monitor = null, FeedHealthStage? stage = null)
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
            Healthy = monitor?.HealthyRatio(connection) ?? (s.Status == HealthStatus.Green ? 1 : 0),
            Messages = s.Messages,
            Gaps = stage?.GapsOf(connection.ConnectionId) ?? 0,
            StaleStreamResets = s.StaleStreamResets,
            SecondsSinceLastEvent = connection.Health.SecondsSinceLastEvent(Stopwatch.GetTimestamp()),
            StatusChanges = monitor is null ? [0, 0, 0]
                : [monitor.Changes(connection, HealthStatus.Green), monitor.Changes(connection, HealthStatus.Yellow), monitor.Changes(connection, HealthStatus.Red)],
        };
    }
}
