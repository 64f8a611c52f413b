namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// The loop of one stage: wait behind the barrier, hand every newly available slot to the handler in order
/// (the last of the batch with <c>endOfBatch</c>), then report progress once for the whole batch by moving
/// <see cref="Sequence"/>. A handler that throws is reported to the exception handler and the stage goes on
/// with the next slot. Run it on a thread of its own; stop it with <see cref="Halt"/>.
/// </summary>
public sealed class BatchEventProcessor<T> where T : struct
{
    private const int Idle = 0;
    private const int Halted = 1;
    private const int Running = 2;

    private readonly RingBuffer<T> _ring;
    private readonly ISequenceBarrier _barrier;
    private readonly IEventHandler<T> _handler;
    private readonly IExceptionHandler<T> _exceptionHandler;
    private readonly StageLoop<T> _loop;
    private int _state = Idle;
    private long _exceptionCount;

    public BatchEventProcessor(RingBuffer<T> ring, ISequenceBarrier barrier, IEventHandler<T> handler,
        IExceptionHandler<T>? exceptionHandler = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(barrier);
        ArgumentNullException.ThrowIfNull(handler);
        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _exceptionHandler = exceptionHandler ?? new CountingExceptionHandler<T>();
        _loop = StageLoopFactory.Create(ring, barrier, handler, out bool direct);
        CallsHandlerDirectly = direct;
    }

    /// <summary>
    /// True when the loop calls the handler's class directly (a struct wrapper emitted for it, inlined by the
    /// JIT); false when it fell back to an interface call per event (no run-time code generation).
    /// </summary>
    public bool CallsHandlerDirectly { get; }

    /// <summary>The last sequence this stage has finished with: what downstream stages and producers gate on.</summary>
    public Sequence Sequence { get; } = new();

    /// <summary>True from <see cref="Run"/> until it returns (including while it is halting).</summary>
    public bool IsRunning => Volatile.Read(ref _state) != Idle;

    /// <summary>Exceptions the handler has thrown (events and lifecycle) since this processor was built.</summary>
    public long ExceptionCount => Volatile.Read(ref _exceptionCount);

    /// <summary>Ask the loop to stop; it returns after the batch in hand. Safe from any thread, any time.</summary>
    public void Halt()
    {
        Volatile.Write(ref _state, Halted);
        _barrier.Alert();
    }

    /// <summary>Process events until halted. Calls the handler's lifecycle hooks when it has them.</summary>
    /// <exception cref="InvalidOperationException">The processor is already running on another thread.</exception>
    public void Run()
    {
        int previous = Interlocked.CompareExchange(ref _state, Running, Idle);
        if (previous == Running) throw new InvalidOperationException("this event processor is already running");

        if (previous == Halted)
        {
            // Halted before it ever ran: keep the lifecycle symmetric and touch no slot.
            NotifyStart();
            NotifyShutdown();
            Volatile.Write(ref _state, Idle);
            return;
        }

        _barrier.ClearAlert();
        // A Halt racing with the line above may have had its alert cleared; the full fence makes sure that
        // either we see its state change below or its alert comes after our clear.
        Interlocked.MemoryBarrier();
        try
        {
            NotifyStart();
            if (Volatile.Read(ref _state) == Running) ProcessEvents();
        }
        finally
        {
            NotifyShutdown();
            Volatile.Write(ref _state, Idle);
        }
    }

    // The loop itself is compiled per stage shape (handler class, wait strategy, upstream): see StageLoop.
    private void ProcessEvents() => _loop.ProcessEvents(this, Sequence);

    internal bool IsRunningState => Volatile.Read(ref _state) == Running;

    internal void ReportEventException(Exception ex, long sequence, ref T evt)
    {
        Volatile.Write(ref _exceptionCount, _exceptionCount + 1);
        _exceptionHandler.HandleEventException(ex, sequence, ref evt);
    }

    private void NotifyStart()
    {
        if (_handler is not ILifecycleAware lifecycle) return;
        try
        {
            lifecycle.OnStart();
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _exceptionCount, _exceptionCount + 1);
            _exceptionHandler.HandleOnStartException(ex);
        }
    }

    private void NotifyShutdown()
    {
        if (_handler is not ILifecycleAware lifecycle) return;
        try
        {
            lifecycle.OnShutdown();
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _exceptionCount, _exceptionCount + 1);
            _exceptionHandler.HandleOnShutdownException(ex);
        }
    }
}
