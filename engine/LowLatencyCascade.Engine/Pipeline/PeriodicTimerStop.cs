namespace LowLatencyCascade.Engine.Pipeline;

/// <summary>
/// Ends a <see cref="PeriodicTimer"/> loop on cancellation without an exception. A cancelled
/// <c>WaitForNextTickAsync(token)</c> throws an <see cref="OperationCanceledException"/> whose stack trace the
/// runtime captures with file and line information: the first one loads System.Diagnostics.StackTrace,
/// System.Reflection.Metadata and the application's PDBs, which added 13-16 MiB to a live run's resident memory at
/// every stop (and at a feed's first reconnect). Instead, the token disposes the timer: a pending or later
/// <c>WaitForNextTickAsync()</c> (called without the token) then returns false and the loop ends normally.
/// </summary>
public static class PeriodicTimerStop
{
    /// <summary>Disposes <paramref name="timer"/> when <paramref name="token"/> is cancelled; dispose the registration with the timer.</summary>
    public static CancellationTokenRegistration StopWhen(this PeriodicTimer timer, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return token.Register(static t => ((PeriodicTimer)t!).Dispose(), timer);
    }
}
