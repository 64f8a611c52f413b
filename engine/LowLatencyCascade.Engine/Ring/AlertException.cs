namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Thrown out of a wait when the barrier has been alerted: the stage is being halted. A single instance is
/// reused so that halting allocates nothing and costs no stack-trace capture on a waiting thread.
/// </summary>
public sealed class AlertException : Exception
{
    public static readonly AlertException Instance = new();

    private AlertException() : base("the sequence barrier was alerted: the stage is halting") { }
}
