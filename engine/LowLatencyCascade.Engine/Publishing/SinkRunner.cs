namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// One sink, its bounded queue and the thread that drains it. The publish stage offers messages to
/// <see cref="Queue"/>; this thread writes every available message to the sink and calls
/// <see cref="ISignalSink.Flush"/> once per drained batch, so a Redis sink sends one pipelined round per batch.
/// Exceptions from the sink are caught and counted: a failing sink never stops the thread or the pipeline.
/// </summary>
public sealed class SinkRunner : IDisposable
{
    /// <summary>How long the thread parks when idle before checking whether it should stop.</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(250);

    private readonly ISignalSink _sink;
    private readonly int _maxBatch;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _drainLock = new();
    private readonly Thread _thread;
    private long _processed;
    private long _errors;
    private string? _lastError;
    private int _drainWaiters;
    private int _started;

    public SinkRunner(ISignalSink sink, int queueCapacity = SignalQueue.DefaultCapacity, int maxMessageBytes = SignalQueue.DefaultSlotBytes, int maxBatch = 256)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "maxBatch must be at least 1");
        _sink = sink;
        _maxBatch = maxBatch;
        Queue = new SignalQueue(queueCapacity, maxMessageBytes);
        _thread = new Thread(Run) { IsBackground = true, Name = $"sink-{sink.Name}" };
    }

    public ISignalSink Sink => _sink;
    public SignalQueue Queue { get; }

    /// <summary>
    /// When true, the publish stage waits for room in this sink's queue instead of dropping: for replays, whose
    /// every sink (signals file, golden comparison, Redis, WebSocket clients) must be complete (a replay may be
    /// slowed, never a live feed). Live runs leave it false: a sink that is behind drops and counts.
    /// </summary>
    public bool Lossless { get; init; }
    public string Name => _sink.Name;

    public SinkRunnerStats Stats
    {
        get
        {
            var own = _sink.Stats;
            return new SinkRunnerStats(_sink.Name, Queue.Enqueued, Queue.DroppedFull, Queue.DroppedOversize,
                Volatile.Read(ref _processed), Volatile.Read(ref _errors), own.Delivered, own.Lost, Volatile.Read(ref _lastError));
        }
    }

    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) _thread.Start();
    }

    /// <summary>
    /// Waits until the thread has written and flushed everything enqueued before the call. For shutdown,
    /// tests and tools; never called on the hot path.
    /// </summary>
    public bool WaitUntilDrained(TimeSpan timeout)
    {
        long target = Queue.Enqueued;
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_drainLock)
        {
            Interlocked.Increment(ref _drainWaiters);
            try
            {
                while (Volatile.Read(ref _processed) < target)
                {
                    long left = deadline - Environment.TickCount64;
                    if (left <= 0) return false;
                    Monitor.Wait(_drainLock, (int)Math.Min(left, int.MaxValue));
                }
                return true;
            }
            finally
            {
                Interlocked.Decrement(ref _drainWaiters);
            }
        }
    }

    private void Run()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            if (DrainBatch() == 0) Queue.WaitForMessage(IdleWait, token);
        }
        // Stopping: write what was queued before the stop so a clean shutdown loses nothing (and a producer
        // that keeps going cannot hold the thread forever).
        long target = Queue.Enqueued;
        while (Volatile.Read(ref _processed) < target && DrainBatch() > 0) { }
    }

    private int DrainBatch()
    {
        int n = 0;
        while (n < _maxBatch && Queue.TryPeek(out var message))
        {
            try
            {
                _sink.Write(in message);
            }
            catch (Exception ex)
            {
                RecordError(ex);
            }
            Queue.Advance();
            n++;
        }
        if (n == 0) return 0;
        try
        {
            _sink.Flush();
        }
        catch (Exception ex)
        {
            RecordError(ex);
        }
        // Counted after the flush: "processed" means written and flushed, which is what drain waiters need.
        // A full fence, paired with the waiters' increment, so a waiter is either seen here or sees the count.
        Interlocked.Exchange(ref _processed, _processed + n);
        if (Volatile.Read(ref _drainWaiters) > 0)
        {
            lock (_drainLock) Monitor.PulseAll(_drainLock);
        }
        return n;
    }

    private void RecordError(Exception ex)
    {
        Interlocked.Increment(ref _errors);
        Volatile.Write(ref _lastError, $"{ex.GetType().Name}: {ex.Message}");
    }

    /// <summary>Stops the thread after it has written what is already queued (the sink is not disposed: its owner does that).</summary>
    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            _stop.Cancel();
            Queue.WakeConsumer();
            if (Volatile.Read(ref _started) == 1) _thread.Join();
        }
        _stop.Dispose();
        Queue.Dispose();
    }
}
