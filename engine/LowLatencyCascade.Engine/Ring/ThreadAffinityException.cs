namespace LowLatencyCascade.Engine.Ring;

/// <summary>A thread could not be pinned to the CPU configuration asked for; the message says which and why.</summary>
public sealed class ThreadAffinityException : Exception
{
    public ThreadAffinityException(int cpu, string threadName, string reason)
        : base($"cannot pin thread '{threadName}' to CPU {cpu}: {reason}")
    {
        Cpu = cpu;
        ThreadName = threadName;
        Reason = reason;
    }

    public int Cpu { get; }

    public string ThreadName { get; }

    /// <summary>Why, including the errno or Win32 error name where the OS gave one.</summary>
    public string Reason { get; }
}
