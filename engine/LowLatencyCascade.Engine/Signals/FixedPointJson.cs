using System.Buffers.Text;
using System.Text.Json;

namespace LowLatencyCascade.Engine.Signals;

/// <summary>
/// Writes a double as JSON with at most <c>digits</c> decimals (rounded half away from zero, trailing zeros
/// dropped: 0.75 not 0.7500), straight from integer arithmetic. The shortest round-trip formatting that
/// <see cref="Utf8JsonWriter.WriteNumber(JsonEncodedText, double)"/> does costs far more, and a signal has twenty
/// numbers. Non-finite values (JSON has none) are written as 0. The text is deterministic for a given value, so
/// golden files stay byte-identical.
/// </summary>
public static class FixedPointJson
{
    private static readonly long[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    /// <summary>Largest magnitude (after scaling) formatted by integer arithmetic; beyond it the framework formats.</summary>
    private const double MaxScaled = 9e15;

    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, double value, int digits)
    {
        Span<byte> buffer = stackalloc byte[40];
        int length = Format(value, digits, buffer);
        writer.WritePropertyName(name);
        writer.WriteRawValue(buffer[..length], skipInputValidation: true);
    }

    /// <summary>Formats into <paramref name="destination"/> (at least 40 bytes) and returns the length.</summary>
    public static int Format(double value, int digits, Span<byte> destination)
    {
        if ((uint)digits >= (uint)Pow10.Length) throw new ArgumentOutOfRangeException(nameof(digits), digits, "0..9 decimals");
        if (!double.IsFinite(value)) { destination[0] = (byte)'0'; return 1; }
        double scaledValue = Math.Round(value * Pow10[digits], MidpointRounding.AwayFromZero);
        if (Math.Abs(scaledValue) >= MaxScaled)
        {
            Utf8Formatter.TryFormat(Math.Round(value, digits), destination, out int written);
            return written;
        }
        long scaled = (long)scaledValue;
        int pos = 0;
        if (scaled < 0) { destination[pos++] = (byte)'-'; scaled = -scaled; }
        long unit = Pow10[digits];
        long whole = scaled / unit, fraction = scaled % unit;
        Utf8Formatter.TryFormat(whole, destination[pos..], out int w);
        pos += w;
        if (fraction == 0) return pos;
        destination[pos++] = (byte)'.';
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) { destination[i] = (byte)('0' + fraction % 10); fraction /= 10; }
        while (destination[end - 1] == '0') end--;
        return end;
    }
}
