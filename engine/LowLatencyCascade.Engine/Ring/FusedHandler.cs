using System.Runtime.ExceptionServices;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Several stages' handlers run one after the other on one thread: stage fusion for machines with fewer
/// cores than stages. Each handler sees the slot after the ones before it, exactly as it would behind a
/// barrier on those stages. A handler that throws does not stop the ones after it on that slot; the first
/// exception is rethrown once all have run (so the stage counts one failure for the slot).
/// </summary>
public sealed class FusedHandler<T> : IEventHandler<T>, ILifecycleAware where T : struct
{
    private readonly IEventHandler<T>[] _handlers;

    public FusedHandler(params IEventHandler<T>[] handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        if (handlers.Length == 0) throw new ArgumentException("a fused handler needs at least one handler", nameof(handlers));
        foreach (var handler in handlers) ArgumentNullException.ThrowIfNull(handler, nameof(handlers));
        _handlers = (IEventHandler<T>[])handlers.Clone();
    }

    public IReadOnlyList<IEventHandler<T>> Handlers => _handlers;

    public void OnEvent(ref T evt, long sequence, bool endOfBatch)
    {
        Exception? first = null;
        foreach (var handler in _handlers)
        {
            try
            {
                handler.OnEvent(ref evt, sequence, endOfBatch);
            }
            catch (Exception ex)
            {
                first ??= ex;
            }
        }
        if (first is not null) ExceptionDispatchInfo.Throw(first);
    }

    public void OnStart()
    {
        Exception? first = null;
        foreach (var handler in _handlers)
        {
            if (handler is not ILifecycleAware lifecycle) continue;
            try { lifecycle.OnStart(); }
            catch (Exception ex) { first ??= ex; }
        }
        if (first is not null) ExceptionDispatchInfo.Throw(first);
    }

    // Reverse order: a later handler may depend on state an earlier one owns.
    public void OnShutdown()
    {
        Exception? first = null;
        for (int i = _handlers.Length - 1; i >= 0; i--)
        {
            if (_handlers[i] is not ILifecycleAware lifecycle) continue;
            try { lifecycle.OnShutdown(); }
            catch (Exception ex) { first ??= ex; }
        }
        if (first is not null) ExceptionDispatchInfo.Throw(first);
    }
}
