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
        ulong rest = (ulong)scaled;
        // Trailing zeros of the fraction are dropped, and the point with them when nothing is left of it.
        int fractionDigits = digits;
        while (fractionDigits > 0)
        {
            ulong tenth = rest / 10;
            if (rest - tenth * 10 != 0) break;
            rest = tenth;
            fractionDigits--;
        }
        // Digits right to left into a scratch tail, two at a time from a table, then one copy: whole part (at
        // least one digit), point, fraction. A signal has twenty numbers: this loop is most of an encode.
        Span<byte> tail = stackalloc byte[24];
        int start = tail.Length;
        int remaining = fractionDigits;
        for (; remaining >= 2; remaining -= 2) TwoDigits(tail, ref start, ref rest);
        if (remaining == 1)
        {
            ulong tenth = rest / 10;
            tail[--start] = (byte)('0' + (int)(rest - tenth * 10));
            rest = tenth;
        }
        if (fractionDigits > 0) tail[--start] = (byte)'.';
        while (rest >= 100) TwoDigits(tail, ref start, ref rest);
        if (rest >= 10)
        {
            TwoDigits(tail, ref start, ref rest);
        }
        else
        {
            tail[--start] = (byte)('0' + (int)rest);
        }
        tail[start..].CopyTo(destination[pos..]);
        return pos + tail.Length - start;
    }

    /// <summary>Writes the last two digits of <paramref name="rest"/> before <paramref name="start"/> and drops them from it.</summary>
    private static void TwoDigits(Span<byte> tail, ref int start, ref ulong rest)
    {
        ulong hundredth = rest / 100;
        int pair = (int)(rest - hundredth * 100) * 2;
        tail[--start] = DigitPairs[pair + 1];
        tail[--start] = DigitPairs[pair];
        rest = hundredth;
    }

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;
}
