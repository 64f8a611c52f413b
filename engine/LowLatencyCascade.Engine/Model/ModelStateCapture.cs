using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Takes a consistent snapshot of a running model without stopping it: the host asks for one at a ring sequence
/// (<see cref="Request"/>); each of the four stages, on its own thread, writes its part into a buffer of its own
/// when it reaches that sequence, before it processes the slot. Every stage sees every sequence in order, so the
/// four parts together are the model as of the slot before it. The host then <see cref="TryCollect">collects</see>
/// the parts (they stay untouched until the next request). Costs a stage one volatile read per slot; the buffers
/// are reused, so a snapshot allocates nothing once they have grown.
/// </summary>
public sealed class ModelStateCapture
{
    public const int Parts = 4;
    internal const int VelocityPart = 0, VolatilityPart = 1, RegimePart = 2, ScoringPart = 3;

    private readonly SymbolTable _symbols;
    private readonly MemoryStream[] _buffers = new MemoryStream[Parts];
    private readonly BinaryWriter[] _writers = new BinaryWriter[Parts];
    private readonly int[] _takenRound = new int[Parts];
    private long _sequence = long.MaxValue;
    private int _round;
    private int _pending;
    private bool _collected = true;
    private long _eventMs = long.MinValue;

    internal ModelStateCapture(SymbolTable symbols)
    {
        _symbols = symbols;
        for (int i = 0; i < Parts; i++)
        {
            _buffers[i] = new MemoryStream();
            _writers[i] = new BinaryWriter(_buffers[i]);
        }
    }

    /// <summary>The sequence a snapshot was asked for; <see cref="long.MaxValue"/> when none is.</summary>
    internal long Sequence => Volatile.Read(ref _sequence);

    /// <summary>Symbols named so far: each part covers the ids below this (read on the stage's thread).</summary>
    internal int SymbolCount => _symbols.Count;

    /// <summary>Asks every stage for its part at <paramref name="sequence"/>; false while the last snapshot is not yet collected.</summary>
    public bool Request(long sequence)
    {
        if (!_collected) return false;
        _collected = false;
        foreach (var b in _buffers) b.SetLength(0);
        _eventMs = long.MinValue;
        _round++;
        Volatile.Write(ref _pending, Parts);
        Volatile.Write(ref _sequence, sequence);
        return true;
    }

    /// <summary>The four parts once every stage has written its own (spans valid until the next <see cref="Request"/>), and the newest event time scored.</summary>
    public bool TryCollect(out ModelStateParts parts)
    {
        parts = default;
        if (_collected || Volatile.Read(ref _pending) != 0) return false;
        Volatile.Write(ref _sequence, long.MaxValue);
        _collected = true;
        parts = new ModelStateParts(
            [_buffers[0].ToArray(), _buffers[1].ToArray(), _buffers[2].ToArray(), _buffers[3].ToArray()],
            Volatile.Read(ref _eventMs));
        return true;
    }

    /// <summary>Drops a snapshot under way (only once the stages have stopped: a stage may be writing its part).</summary>
    public void Abandon()
    {
        Volatile.Write(ref _sequence, long.MaxValue);
        Volatile.Write(ref _pending, 0);
        _collected = true;
    }

    /// <summary>A stage's turn: writes its part once per snapshot. On the stage's thread.</summary>
    internal void Take(int part, IModelStatePart source, long eventMs = long.MinValue)
    {
        int round = Volatile.Read(ref _round);
        if (_takenRound[part] == round) return;
        _takenRound[part] = round;
        source.WriteState(_writers[part], SymbolCount);
        _writers[part].Flush();
        if (eventMs != long.MinValue) Volatile.Write(ref _eventMs, eventMs);
        Interlocked.Decrement(ref _pending);
    }
}

/// <summary>A stage's share of the model's state.</summary>
internal interface IModelStatePart
{
    void WriteState(BinaryWriter w, int symbols);
    void ReadState(BinaryReader r, int[] map);
}

/// <summary>The four stages' parts of a snapshot and the event time of the newest slot scored before it.</summary>
public readonly record struct ModelStateParts(byte[][] Parts, long LastEventMs);
