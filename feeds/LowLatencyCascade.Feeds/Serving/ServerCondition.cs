namespace LowLatencyCascade.Feeds.Serving;

/// <summary>
/// Lets callers await a condition over the server's counters ("two subscriptions seen") instead of polling.
/// Every counter change calls <see cref="Signal"/>, which completes the waiters whose condition now holds.
/// </summary>
internal sealed class ServerCondition
{
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private volatile int _waiting;

    public async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (condition()) return;
            _waiters.Add((condition, done));
            _waiting = _waiters.Count;
        }
        try
        {
            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_waiters)
            {
                _waiters.RemoveAll(w => w.Done == done);
                _waiting = _waiters.Count;
            }
        }
    }

    /// <summary>Cheap when nobody waits (the server signals for every frame sent).</summary>
    public void Signal()
    {
        if (_waiting == 0) return;
        lock (_waiters)
        {
            foreach (var (condition, done) in _waiters)
                if (!done.Task.IsCompleted && condition()) done.TrySetResult();
        }
    }
}
