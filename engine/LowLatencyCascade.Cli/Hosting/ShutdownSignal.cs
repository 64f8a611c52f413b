using System.Runtime.InteropServices;

namespace LowLatencyCascade.Cli.Hosting;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM: the first asks for a clean stop (feeds stop, the ring drains, captures and
/// sinks flush, the final report prints); a second forces the process to exit at once.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _count;

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
        if (Interlocked.Increment(ref _count) == 1)
        {
            Console.Error.WriteLine($"cascade: {context.Signal}: stopping (draining the ring, flushing sinks); send it again to force exit");
            _cts.Cancel();
        }
        else
        {
            Console.Error.WriteLine($"cascade: {context.Signal} again: forcing exit");
            Environment.Exit(130);
        }
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
