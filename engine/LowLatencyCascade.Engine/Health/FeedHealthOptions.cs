namespace LowLatencyCascade.Engine.Health;

/// <summary>How the feed-health stage judges the venues behind a signal (configuration <c>Feeds:FreshWindow</c>, <c>Feeds:GapHold</c>).</summary>
public sealed record FeedHealthOptions
{
    /// <summary>A venue is fresh when its last market event is at most this far behind the pipeline's event clock; stale after.</summary>
    public TimeSpan FreshWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After a gap marker, a venue counts as gapped until it delivers again and for this much event time after (its windows have a hole).</summary>
    public TimeSpan GapHold { get; init; } = TimeSpan.FromSeconds(60);
}
