using System.Diagnostics;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>A monotonic clock the test moves by hand, so rate limits are checked without waiting for time to pass.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _now = 1_000_000;

    public override long TimestampFrequency => Stopwatch.Frequency;
    public override long GetTimestamp() => Interlocked.Read(ref _now);
    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, (long)(by.TotalSeconds * Stopwatch.Frequency));
}
