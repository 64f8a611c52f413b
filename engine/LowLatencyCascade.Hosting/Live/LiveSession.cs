using LowLatencyCascade.Hosting;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>A running live session's parts, handed to the caller once composed and before the feeds connect.</summary>
public sealed record LiveSession(PipelineHost Host, LiveFeeds Feeds, CaptureRecorder? Recorder);
