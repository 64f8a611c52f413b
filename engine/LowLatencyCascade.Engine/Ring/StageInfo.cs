namespace LowLatencyCascade.Engine.Ring;

/// <summary>One stage of a running graph, as metrics see it: read its sequence to know how far it has got.</summary>
public sealed class StageInfo
{
    private readonly Func<long> _exceptionCount;

    internal StageInfo(string name, Sequence sequence, int? cpu, Func<long> exceptionCount)
    {
        Name = name;
        Sequence = sequence;
        Cpu = cpu;
        _exceptionCount = exceptionCount;
    }

    public string Name { get; }

    public Sequence Sequence { get; }

    /// <summary>The CPU the stage's thread is pinned to, if any.</summary>
    public int? Cpu { get; }

    /// <summary>Exceptions the stage's handler has thrown so far.</summary>
    public long ExceptionCount => _exceptionCount();

    public override string ToString() => Cpu is int cpu ? $"{Name} (CPU {cpu}) at {Sequence}" : $"{Name} at {Sequence}";
}
