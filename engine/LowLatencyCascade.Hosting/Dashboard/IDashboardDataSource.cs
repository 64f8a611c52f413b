using LowLatencyCascade.Engine.Monitoring;

namespace LowLatencyCascade.Hosting.Dashboard;

/// <summary>
/// Where the dashboard reads the running pipeline. Called from the dashboard's own threads (a push tick,
/// a scrape), never from the ring's, so an implementation reads counters and copies; it must be thread-safe.
/// </summary>
public interface IDashboardDataSource
{
    DashboardSnapshot GetSnapshot();

    MetricsSnapshot GetMetrics();
}
