using System.Globalization;

namespace LowLatencyCascade.Feeds.Simulation;

/// <summary>Builds one JSON text frame into a reused byte buffer: raw pieces, quoted fixed-decimal numbers, integers.</summary>
internal sealed class FrameBuilder
{
    private byte[] _buffer = new byte[4096];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public FrameBuilder Clear()
    {
        Length = 0;
        return this;
    }

    public FrameBuilder Raw(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(Length));
        Length += utf8.Length;
        return this;
    }

    public FrameBuilder Raw(string ascii)
    {
        Ensure(ascii.Length);
        for (int i = 0; i < ascii.Length; i++) _buffer[Length++] = (byte)ascii[i];
        return this;
    }

    public FrameBuilder Long(long value)
    {
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(Length), out int n, default, CultureInfo.InvariantCulture);
        Length += n;
        return this;
    }

    /// <summary>A number as a JSON string with fixed decimals, as the venues send prices and sizes: <c>"9910.50"</c>.</summary>
    public FrameBuilder Decimal(double value, int decimals)
    {
        Ensure(40);
        _buffer[Length++] = (byte)'"';
        value.TryFormat(_buffer.AsSpan(Length), out int n, Formats[decimals], CultureInfo.InvariantCulture);
        Length += n;
        _buffer[Length++] = (byte)'"';
        return this;
    }

    /// <summary>A millisecond time as a JSON string (OKX sends times as strings).</summary>
    public FrameBuilder QuotedLong(long value)
    {
        Ensure(1);
        _buffer[Length++] = (byte)'"';
        Long(value);
        Ensure(1);
        _buffer[Length++] = (byte)'"';
        return this;
    }

    private static readonly string[] Formats = [.. Enumerable.Range(0, 13).Select(d => "F" + d.ToString(CultureInfo.InvariantCulture))];

    private void Ensure(int more)
    {
        if (Length + more > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + more));
    }
}
