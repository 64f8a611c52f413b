namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// HdrHistogram's ZigZag LEB128-64b9B variant: 7 bits per byte with a continuation bit, except that a 9th byte
/// carries a full 8 bits, so a 64-bit value takes at most 9 bytes (not 10, as in protobuf's LEB128).
/// </summary>
internal static class ZigZagLeb128
{
    public const int MaxBytes = 9;

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, long value)
    {
        ulong v = (ulong)((value << 1) ^ (value >> 63));
        int i = 0;
        while (i < 8)
        {
            if (v >> 7 == 0)
            {
                destination[i++] = (byte)v;
                return i;
            }
            destination[i++] = (byte)((v & 0x7F) | 0x80);
            v >>= 7;
        }
        destination[i++] = (byte)v;
        return i;
    }

    /// <summary>Reads one value from <paramref name="source"/> at <paramref name="position"/>, advancing it.</summary>
    /// <exception cref="FormatException">The value runs past the end of the source.</exception>
    public static long Read(ReadOnlySpan<byte> source, ref int position)
    {
        ulong v = 0;
        for (int shift = 0; shift < 56; shift += 7)
        {
            byte b = NextByte(source, ref position);
            v |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return Unzig(v);
        }
        v |= (ulong)NextByte(source, ref position) << 56;
        return Unzig(v);
    }

    private static byte NextByte(ReadOnlySpan<byte> source, ref int position) =>
        position < source.Length
            ? source[position++]
            : throw new FormatException("Histogram payload ends in the middle of a ZigZag LEB128 value.");

    private static long Unzig(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);
}
