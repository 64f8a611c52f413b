using System.Runtime.CompilerServices;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Engine.Stages;

/// <summary>
/// What the four model stages share: their part of a state snapshot, written on the stage's own thread when the
/// snapshot's sequence comes by, and which slots they work on (<see cref="StageInput.IsModelled"/>).
/// </summary>
public abstract class ModelStage : IModelStatePart
{
    private readonly int _part;

    private protected ModelStage(int part, int capacity)
    {
        _part = part;
        Capacity = capacity;
    }

    /// <summary>Symbol ids the stage keeps state for; slots of other ids are not modelled.</summary>
    private protected int Capacity { get; }

    /// <summary>Set by <see cref="CascadeModel"/>: where this stage writes its part of a snapshot.</summary>
    internal ModelStateCapture? StateCapture { get; set; }

    /// <summary>
    /// Takes this stage's part of a snapshot due at or before <paramref name="sequence"/> (with the newest event time
    /// the stage has seen, where it keeps one), then says whether the slot is one the model works on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected bool Enter(ref MarketEvent e, long sequence, long eventMs = long.MinValue)
    {
        var capture = StateCapture;
        if (capture is not null && sequence >= capture.Sequence) capture.Take(_part, this, eventMs);
        return StageInput.IsModelled(ref e, Capacity);
    }

    void IModelStatePart.WriteState(BinaryWriter w, int symbols) => WritePart(w, symbols);
    void IModelStatePart.ReadState(BinaryReader r, int[] map) => ReadPart(r, map);

    /// <summary>Writes the stage's state (only while it does not run, or on its own thread).</summary>
    private protected abstract void WritePart(BinaryWriter w, int symbols);
    /// <summary>Reads a state written by <see cref="WritePart"/>; <paramref name="map"/> maps saved symbol ids to this run's (-1: skip).</summary>
    private protected abstract void ReadPart(BinaryReader r, int[] map);
}
