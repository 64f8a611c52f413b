namespace LowLatencyCascade.Feeds.Serving;

/// <summary>What one playback did.</summary>
/// <param name="Frames">Frames read from the source.</param>
/// <param name="Deliveries">Frame copies queued to clients (a frame goes to every matching client).</param>
/// <param name="Undelivered">Frames that matched no subscribed client (none connected, or not subscribed to that stream).</param>
public sealed record PlaybackReport(long Frames, long Deliveries, long Undelivered);
