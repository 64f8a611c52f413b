namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Everything known about one sink: what its queue accepted and dropped (on the producer's side), what the
/// sink thread took, how often the sink threw, and the sink's own delivered/lost counts.
/// </summary>
public readonly record struct SinkRunnerStats(
    string Name,
    long Enqueued,
    long DroppedQueueFull,
    long DroppedOversize,
    long Processed,
    long Errors,
    long Delivered,
    long Lost,
    string? LastError)
{
    /// <summary>Everything the pipeline offered this sink that did not reach its destination.</summary>
    public long NotDelivered => DroppedQueueFull + DroppedOversize + Lost + Errors;
}
