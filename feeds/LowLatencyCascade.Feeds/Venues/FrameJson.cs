using System.Buffers.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Venues;

/// <summary>
/// Small pieces every venue decoder uses to read fields straight from the frame's bytes: raw value spans
/// (no strings), numbers parsed with <see cref="Utf8Parser"/> whether the venue sent them as JSON numbers or as
/// JSON strings (all three venues send prices as strings).
/// </summary>
internal static class FrameJson
{
    /// <summary>Venue frames nest three or four levels; anything much deeper is not a frame we know.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 16 };

    /// <summary>
    /// Marks a field that is present but unreadable (an escaped string, an object where a scalar belongs).
    /// A NUL byte parses as no number and is no valid symbol, so the field fails with the right reason later.
    /// </summary>
    public static ReadOnlySpan<byte> Invalid => "\0"u8;

    /// <summary>
    /// The raw bytes of the current value when it is a string or a number; empty (absent) for null; <see cref="Invalid"/>
    /// for anything else, which is skipped so the reader stays on the next property.
    /// </summary>
    public static ReadOnlySpan<byte> Scalar(scoped ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
            case JsonTokenType.Number:
                return reader.ValueIsEscaped ? Invalid : reader.ValueSpan;
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.True:
                return "true"u8;
            case JsonTokenType.False:
                return "false"u8;
            default:
                reader.Skip();
                return Invalid;
        }
    }

    /// <summary>
    /// Like <see cref="Scalar"/>, but an escaped string is unescaped into <paramref name="scratch"/> instead of being
    /// invalid: Binance sends some symbols with non-Latin names as <c>\uXXXX</c> escapes.
    /// </summary>
    public static ReadOnlySpan<byte> Text(scoped ref Utf8JsonReader reader, byte[] scratch)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.ValueIsEscaped) return Scalar(ref reader);
        // Unescaping never lengthens a string, so a value that fits escaped fits unescaped.
        if (reader.ValueSpan.Length > scratch.Length) return Invalid;
        int length = reader.CopyString(scratch);
        return scratch.AsSpan(0, length);
    }

    public static FieldStatus Number(ReadOnlySpan<byte> value, out double result)
    {
        if (value.IsEmpty) { result = 0; return FieldStatus.Absent; }
        if (TryParsePlainDecimal(value, out result)) return FieldStatus.Ok;
        if (Utf8Parser.TryParse(value, out result, out int consumed) && consumed == value.Length && double.IsFinite(result))
        {
            return FieldStatus.Ok;
        }
        result = 0;
        return FieldStatus.Bad;
    }

    /// <summary>
    /// Exact fast path for the prices and sizes venues send (<c>-?digits(.digits)?</c>, at most 15 significant digits):
    /// the digits form an integer below 2^53 and the scale a power of ten up to 10^22, both exact doubles, so one
    /// IEEE division gives the correctly rounded value, the same double a full parser returns. Anything else
    /// (exponents, long mantissas) returns false for <see cref="Utf8Parser"/> to handle.
    /// </summary>
    private static bool TryParsePlainDecimal(ReadOnlySpan<byte> s, out double result)
    {
        result = 0;
        int i = 0;
        bool negative = s[0] == (byte)'-';
        if (negative) i = 1;
        ulong mantissa = 0;
        int digits = 0, integerDigits = -1;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - (byte)'0');
            if (d <= 9)
            {
                if (++digits > 15) return false;
                mantissa = mantissa * 10 + d;
            }
            else if (s[i] == (byte)'.' && integerDigits < 0 && digits > 0)
            {
                integerDigits = digits;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0 || integerDigits == digits) return false;
        int scale = integerDigits < 0 ? 0 : digits - integerDigits;
        double value = (double)mantissa;
        if (scale > 0) value /= PowersOfTen[scale];
        result = negative ? -value : value;
        return true;
    }

    private static ReadOnlySpan<double> PowersOfTen =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];

    public static FieldStatus Integer(ReadOnlySpan<byte> value, out long result)
    {
        if (value.IsEmpty) { result = 0; return FieldStatus.Absent; }
        if (Utf8Parser.TryParse(value, out result, out int consumed) && consumed == value.Length) return FieldStatus.Ok;
        result = 0;
        return FieldStatus.Bad;
    }

    /// <summary>A number the event cannot do without: absent is <see cref="RejectReason.MissingField"/>, unreadable <see cref="RejectReason.BadNumber"/>.</summary>
    public static RejectReason Required(ReadOnlySpan<byte> value, out double result) => Number(value, out result) switch
    {
        FieldStatus.Ok => RejectReason.None,
        FieldStatus.Absent => RejectReason.MissingField,
        _ => RejectReason.BadNumber,
    };

    /// <summary>A Unix-millisecond time the event cannot do without.</summary>
    public static RejectReason RequiredTime(ReadOnlySpan<byte> value, out long result) => Integer(value, out result) switch
    {
        FieldStatus.Ok => RejectReason.None,
        FieldStatus.Absent => RejectReason.MissingField,
        _ => RejectReason.BadNumber,
    };

    /// <summary>Reads the <c>[price, size, ...]</c> level arrays of Bybit and OKX books; the reader is on the level's StartArray.</summary>
    public static FieldStatus PriceLevel(ref Utf8JsonReader reader, out double price, out double size)
    {
        price = 0; size = 0;
        if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); return FieldStatus.Bad; }
        int index = 0;
        var status = FieldStatus.Ok;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var value = Scalar(ref reader);
            if (index == 0 && Number(value, out price) != FieldStatus.Ok) status = FieldStatus.Bad;
            else if (index == 1 && Number(value, out size) != FieldStatus.Ok) status = FieldStatus.Bad;
            index++;
        }
        return index < 2 ? FieldStatus.Bad : status;
    }
}
