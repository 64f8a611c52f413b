using System.Runtime.CompilerServices;
using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

public sealed class SequenceTests
{
    [Fact]
    public void StartsAtInitialValueAndUpdatesAtomically()
    {
        var sequence = new Sequence();
        Assert.Equal(Sequence.InitialValue, sequence.Value);
        Assert.Equal(0, sequence.IncrementAndGet());
        Assert.Equal(5, sequence.AddAndGet(5));
        Assert.False(sequence.CompareAndSet(4, 9));
        Assert.True(sequence.CompareAndSet(5, 9));
        sequence.SetValueVolatile(12);
        Assert.Equal(12, sequence.Value);
        sequence.SetValue(13);
        Assert.Equal(13, sequence.Value);
    }

    [Fact]
    public void ValueIsPaddedByAtLeast56BytesOnBothSides()
    {
        var sequence = new Sequence(42);
        // The object's data starts right after the method-table pointer; the value must sit 56 bytes in
        // and be followed by 56 more.
        ref byte data = ref Unsafe.As<RawObject>(sequence).FirstByte;
        Assert.Equal(42, Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref data, 56)));

        // The object's size (method-table pointer, header, then the fields) shows the padding after it.
        _ = new Sequence();
        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = new Sequence();
        long objectBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(objectBytes >= 2 * IntPtr.Size + 56 + 8 + 56, $"a Sequence takes {objectBytes} bytes");
    }

    [Fact]
    public void GroupReadsTheMinimumOfItsSequences()
    {
        var a = new Sequence(7);
        var b = new Sequence(3);
        var group = new FixedSequenceGroup(a, b);
        Assert.Equal(3, group.Value);
        b.SetValue(10);
        Assert.Equal(7, group.Value);
    }

    private sealed class RawObject
    {
        public byte FirstByte;
    }
}
