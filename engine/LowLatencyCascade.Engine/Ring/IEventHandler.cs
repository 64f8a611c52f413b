namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// A stage's logic. Called on the stage's own thread for every published sequence, in order, with
/// <paramref name="endOfBatch"/> true on the last event of the batch the barrier made available
/// (a place to flush). The slot is passed by reference: read upstream annotations, write your own.
/// </summary>
public interface IEventHandler<T> where T : struct
{
    void OnEvent(ref T evt, long sequence, bool endOfBatch);
}

/// <summary>Optional lifecycle hooks, called on the stage's thread.</summary>
public interface ILifecycleAware
{
    void OnStart();
    void OnShutdown();
}
