namespace LowLatencyCascade.Engine.Latency;

/// <summary>One interval read back from a histogram log.</summary>
/// <param name="Tag">The line's tag, or null when it had none.</param>
/// <param name="StartTimestampSec">The start field as written (relative to the log's base time when it has one).</param>
/// <param name="IntervalLengthSec">The length field.</param>
/// <param name="IntervalMax">The max field as written (already divided by the writer's unit ratio).</param>
/// <param name="Histogram">The decoded histogram; its time stamps are absolute ms since the epoch when the log has a start or base time.</param>
public sealed record LoggedInterval(string? Tag, double StartTimestampSec, double IntervalLengthSec, double IntervalMax, HdrHistogram Histogram);
