namespace LowLatencyCascade.Tests.Host;

/// <summary>
/// Waits for a condition that only a counter can show (a pipeline's progress has no event to await). It re-checks
/// on a periodic timer tick, with a deadline, and fails with a clear message: a bounded wait on the condition
/// itself, not a fixed sleep standing in for it.
/// </summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            try { await timer.WaitForNextTickAsync(deadline.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"condition not met within {timeout}: {what ?? "see test"}"); }
        }
    }
}
