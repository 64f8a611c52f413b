namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// Lets callers await a condition over the server's counters ("two subscriptions seen") instead of polling.
/// Every counter change calls <see cref="Signal"/>, which completes the waiters whose condition now holds.
/// <para>
/// No lost wake-up: a waiter announces itself (<c>_waiting</c>, a full fence) before it first checks its condition, and
/// a signaller fences after its counter change before it reads <c>_waiting</c>. So either the waiter's first check sees
/// the change, or the signaller sees the waiter and checks it under the lock. (The check used to run before the
/// announcement: a change landing between the two was seen by neither, and the waiter slept to its timeout.)
/// </para>
/// </summary>
internal sealed class ServerCondition
{
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private int _waiting;

    public async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _waiting);
        try
        {
            lock (_waiters)
            {
                if (condition()) return;
                _waiters.Add((condition, done));
            }
            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_waiters) _waiters.RemoveAll(w => w.Done == done);
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Cheap when nobody waits (the server signals for every frame sent): one fence and a read.</summary>
    public void Signal()
    {
        Interlocked.MemoryBarrier(); // the caller's counter change is visible before _waiting is read
        if (Volatile.Read(ref _waiting) == 0) return;
        lock (_waiters)
        {
            foreach (var (condition, done) in _waiters)
                if (!done.Task.IsCompleted && condition()) done.TrySetResult();
        }
    }
}
