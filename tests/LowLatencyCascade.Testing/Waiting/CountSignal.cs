namespace LowLatencyCascade.Testing;

/// <summary>
/// A counter that tests can await ("3 frames seen") instead of sleeping. Incrementing is allocation-free
/// unless a waiter's target is reached, so it can sit on the receive path of the allocation test.
/// </summary>
public sealed class CountSignal
{
    /// <summary>Generous: a wait ends as soon as its count is reached, so only a test that is failing anyway waits this long (the suite runs in parallel on 2 loaded cores).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly List<(long Target, TaskCompletionSource Done)> _waiters = [];
    private long _count;
    private long _lowestTarget = long.MaxValue;

    public long Count => Volatile.Read(ref _count);

    public void Add(long n = 1)
    {
        long count = Interlocked.Add(ref _count, n);
        if (count < Volatile.Read(ref _lowestTarget)) return;
        lock (_waiters)
        {
            foreach (var (target, done) in _waiters)
                if (count >= target) done.TrySetResult();
            _waiters.RemoveAll(w => w.Done.Task.IsCompleted);
            Volatile.Write(ref _lowestTarget, _waiters.Count == 0 ? long.MaxValue : _waiters.Min(w => w.Target));
        }
    }

    public async Task WaitForAsync(long target, string what, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (Count >= target) return;
            _waiters.Add((target, done));
            Volatile.Write(ref _lowestTarget, Math.Min(_lowestTarget, target));
        }
        // Re-check: an Add between the first check and publishing the target would not have seen it. The fence keeps
        // this read after the write of _lowestTarget (a store then a load may otherwise swap, even on x86).
        Interlocked.MemoryBarrier();
        if (Count >= target) return;
        try
        {
            await done.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"waited for {target} {what}, saw {Count}");
        }
    }
}
