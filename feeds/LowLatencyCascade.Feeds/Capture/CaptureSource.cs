using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>One file of a replay: its venue and the connection id shared by the connection's rotated files.</summary>
public sealed record CaptureSource(string Path, Exchange Exchange, int ConnectionId);
