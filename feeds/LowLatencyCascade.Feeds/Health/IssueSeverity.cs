namespace LowLatencyCascade.Feeds.Health;

/// <summary>The plan's issue classification.</summary>
public enum IssueSeverity : byte
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}
