namespace LowLatencyCascade.Tests;

/// <summary>
/// Awaits a condition over counters that raise no event (a connection's frame tally, the observer's gap count):
/// those are plain fields written by the receive and stage threads, so the only way to see them change is to read
/// them again. A <see cref="PeriodicTimer"/> re-reads them every few milliseconds until the condition holds or the
/// timeout passes; the wait ends as soon as the condition holds, it is never a fixed sleep.
/// </summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (!condition()) await timer.WaitForNextTickAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            if (!condition()) throw new TimeoutException($"not within {timeout.TotalSeconds:0} s: {what}");
        }
    }
}
