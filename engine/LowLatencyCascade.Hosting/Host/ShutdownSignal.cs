using System.Runtime.InteropServices;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM: the first asks for a clean stop (feeds stop, the ring drains, captures and
/// sinks flush, the final report prints); a second forces the process to exit at once. A second signal within
/// <see cref="DuplicateWindow"/> of the first is the same request delivered twice, not a second request: coreutils
/// <c>timeout</c>, for one, signals the process and then its whole process group, so the process gets two SIGINTs
/// microseconds apart, which used to force an exit with no report.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;
    /// <summary>Signals this close to the first are duplicates of it (a person's second Ctrl+C takes longer).</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMilliseconds(200);

    private long _firstAt;

    public ShutdownSignal(CancellationToken linked = default)
    {
        if (linked.CanBeCanceled) linked.Register(() => _cts.Cancel());
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _cts.Token;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // we decide when to exit
        switch (Decide(System.Diagnostics.Stopwatch.GetTimestamp()))
        {
            case Decision.Stop:
                Console.Error.WriteLine($"cascade: {context.Signal}: stopping (draining the ring, flushing sinks); send it again to force exit");
                _cts.Cancel();
                break;
            case Decision.Duplicate:
                break; // the same stop request delivered twice (process and process group): keep stopping cleanly
            default:
                Console.Error.WriteLine($"cascade: {context.Signal} again: forcing exit");
                Environment.Exit(130);
                break;
        }
    }

    internal enum Decision { Stop, Duplicate, ForceExit }

    /// <summary>What a signal received at <paramref name="timestamp"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) asks for.</summary>
    internal Decision Decide(long timestamp)
    {
        if (Interlocked.CompareExchange(ref _firstAt, timestamp, 0) == 0) return Decision.Stop;
        return System.Diagnostics.Stopwatch.GetElapsedTime(Volatile.Read(ref _firstAt), timestamp) < DuplicateWindow
            ? Decision.Duplicate
            : Decision.ForceExit;
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
