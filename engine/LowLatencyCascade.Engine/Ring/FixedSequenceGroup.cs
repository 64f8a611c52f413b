namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// The minimum of a fixed set of sequences, read as one: a stage that waits for several upstream stages
/// (a join in the graph) may only go as far as the slowest of them.
/// </summary>
public sealed class FixedSequenceGroup : ISequence
{
    private readonly Sequence[] _sequences;

    public FixedSequenceGroup(params Sequence[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Length == 0) throw new ArgumentException("a sequence group needs at least one sequence", nameof(sequences));
        _sequences = (Sequence[])sequences.Clone();
    }

    public long Value => Sequence.Minimum(_sequences, long.MaxValue);
}
