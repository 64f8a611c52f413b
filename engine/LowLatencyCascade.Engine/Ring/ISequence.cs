namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// Something a consumer can wait on: a single <see cref="Sequence"/> or the minimum of several
/// (<see cref="FixedSequenceGroup"/>).
/// </summary>
public interface ISequence
{
    /// <summary>The current value, read with acquire semantics.</summary>
    long Value { get; }
}
