using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Health;

/// <summary>One data quality problem, as the dashboard lists it.</summary>
/// <param name="TimeMs">Event time (Unix ms) at which it was seen.</param>
public sealed record DataQualityIssue(
    DataQualityIssueType Type,
    IssueSeverity Severity,
    Exchange Exchange,
    string Symbol,
    string Description,
    long TimeMs);
