using System.Runtime.InteropServices;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// A 64-bit counter shared between threads: the ring's cursor, or how far a stage has got.
/// The value sits alone on its cache line (56 bytes of padding before and after it), so the producer writing
/// the cursor and a stage writing its own sequence never invalidate each other's lines through false sharing.
/// </summary>
[StructLayout(LayoutKind.Explicit)]
public sealed class Sequence : ISequence
{
    /// <summary>The value of a sequence that has seen nothing yet: the first published sequence is 0.</summary>
    public const long InitialValue = -1;

    private const int PaddingBytes = 56;

    [FieldOffset(PaddingBytes)]
    private long _value;

    // The runtime ignores StructLayout.Size for the managed layout of a class, so the padding after the value
    // needs a field of its own to exist: its last bytes end the object 56 bytes after the value.
#pragma warning disable CS0169 // never read: it only reserves space
    [FieldOffset(PaddingBytes * 2)]
    private long _endOfPadding;
#pragma warning restore CS0169

    public Sequence(long initialValue = InitialValue) => _value = initialValue;

    /// <summary>Acquire read: everything written before the matching <see cref="SetValue"/> is visible after it.</summary>
    public long Value => Volatile.Read(ref _value);

    /// <summary>
    /// Release write: the slot writes before it cannot move after it. The cheap store used to publish and to
    /// report progress.
    /// </summary>
    public void SetValue(long value) => Volatile.Write(ref _value, value);

    /// <summary>Write followed by a full fence, for the rare places that must not let a later load pass the store.</summary>
    public void SetValueVolatile(long value) => Interlocked.Exchange(ref _value, value);

    public bool CompareAndSet(long expected, long next) => Interlocked.CompareExchange(ref _value, next, expected) == expected;

    public long IncrementAndGet() => Interlocked.Increment(ref _value);

    public long AddAndGet(long increment) => Interlocked.Add(ref _value, increment);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The smallest value among <paramref name="sequences"/>, or <paramref name="minimum"/> when that is smaller
    /// (or when there are none): how far every gating stage has got.
    /// </summary>
    internal static long Minimum(Sequence[] sequences, long minimum)
    {
        foreach (var sequence in sequences)
        {
            long value = sequence.Value;
            if (value < minimum) minimum = value;
        }
        return minimum;
    }
}
