using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Tests.Ring;

/// <summary>
/// A stage handler that checks it sees every sequence once and in order, counts them, and records its
/// thread and lifecycle so tests can tell the stage really started and stopped.
/// </summary>
internal sealed class RecordingStage : IEventHandler<long>, ILifecycleAware
{
    private long _expectedSequence;

    public long Seen { get; private set; }

    public string? Failure { get; private set; }

    public Thread? Thread { get; private set; }

    public ManualResetEventSlim Started { get; } = new();

    public ManualResetEventSlim ShutDown { get; } = new();

    public void OnEvent(ref long evt, long sequence, bool endOfBatch)
    {
        if (sequence != _expectedSequence) Failure ??= $"saw sequence {sequence} when {_expectedSequence} was next";
        _expectedSequence = sequence + 1;
        Seen++;
    }

    public void OnStart()
    {
        Thread = Thread.CurrentThread;
        Started.Set();
    }

    public void OnShutdown() => ShutDown.Set();
}
