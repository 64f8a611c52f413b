namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// What a stage waits behind: the ring's cursor when it follows the producers directly, otherwise the
/// sequences of the stages it follows. Alerting it is how a stage is told to stop.
/// </summary>
public interface ISequenceBarrier
{
    /// <summary>
    /// Wait until <paramref name="sequence"/> is available and return the highest sequence that is (possibly
    /// beyond the one asked for, so the caller can take a batch). A wait strategy may return a smaller value
    /// when it times out; the caller then simply asks again.
    /// </summary>
    /// <exception cref="AlertException">The barrier was alerted while or before waiting.</exception>
    long WaitFor(long sequence);

    /// <summary>The value this barrier waits on: the cursor, or the minimum of the tracked upstream sequences.</summary>
    long Cursor { get; }

    bool IsAlerted { get; }

    /// <summary>Raise the alert and wake any blocked waiter.</summary>
    void Alert();

    void ClearAlert();

    /// <exception cref="AlertException">When the alert is raised.</exception>
    void CheckAlert();
}
