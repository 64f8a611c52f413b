namespace LowLatencyCascade.Feeds.Health;

/// <summary>The plan's alert levels for a connection.</summary>
public enum HealthStatus : byte
{
    Green = 0,
    Yellow = 1,
    Red = 2,
}
