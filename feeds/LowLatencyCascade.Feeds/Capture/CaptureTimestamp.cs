namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// The capture line's timestamp: ISO-8601 UTC with seven fractional digits and a trailing <c>Z</c>
/// (<c>2025-01-27T16:41:02.1234567Z</c>), the resolution of <see cref="DateTime"/> ticks. Hand-written in both
/// directions so that reading and writing a line allocates nothing and cannot depend on the culture.
/// Times are Unix time in 100 ns ticks, like <c>MarketEvent.ReceiveTimeTicks</c>.
/// </summary>
public static class CaptureTimestamp
{
    /// <summary>Length of a formatted timestamp: <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    public const int Length = 28;

    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    public static long FromDateTime(DateTime utc) => utc.ToUniversalTime().Ticks - UnixEpochTicks;

    public static DateTime ToDateTime(long unixTicks) => new(UnixEpochTicks + unixTicks, DateTimeKind.Utc);

    public static long FromUnixMilliseconds(long ms) => ms * TimeSpan.TicksPerMillisecond;

    /// <summary>Writes the 28-byte timestamp; <paramref name="destination"/> must hold <see cref="Length"/> bytes.</summary>
    public static void Format(long unixTicks, Span<byte> destination)
    {
        if (destination.Length < Length) throw new ArgumentException($"need {Length} bytes", nameof(destination));
        var t = ToDateTime(unixTicks);
        Digits(destination[..4], t.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), t.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), t.Day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), t.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), t.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), t.Second);
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 7), (int)(t.Ticks % TimeSpan.TicksPerSecond));
        destination[27] = (byte)'Z';
    }

    /// <summary>
    /// Parses <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}]Z</c> at the start of <paramref name="text"/>. The writer always
    /// emits seven fractional digits; fewer are accepted for hand-made files. <paramref name="consumed"/> is the
    /// number of bytes up to and including the <c>Z</c>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out long unixTicks, out int consumed)
    {
        unixTicks = 0;
        consumed = 0;
        if (text.Length < 20) return false;
        if (!TryDigits(text[..4], out int year) || text[4] != '-' ||
            !TryDigits(text.Slice(5, 2), out int month) || text[7] != '-' ||
            !TryDigits(text.Slice(8, 2), out int day) || text[10] != 'T' ||
            !TryDigits(text.Slice(11, 2), out int hour) || text[13] != ':' ||
            !TryDigits(text.Slice(14, 2), out int minute) || text[16] != ':' ||
            !TryDigits(text.Slice(17, 2), out int second))
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        int i = 19;
        long fraction = 0;
        if (text[i] == '.')
        {
            i++;
            int digits = 0;
            while (i < text.Length && digits < 7 && (uint)(text[i] - '0') <= 9)
            {
                fraction = fraction * 10 + (text[i] - '0');
                i++;
                digits++;
            }
            if (digits == 0) return false;
            for (; digits < 7; digits++) fraction *= 10;
        }
        if (i >= text.Length || text[i] != 'Z') return false;

        long dateTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks;
        unixTicks = dateTicks - UnixEpochTicks + fraction;
        consumed = i + 1;
        return true;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (int k = destination.Length - 1; k >= 0; k--)
        {
            destination[k] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (byte b in text)
        {
            uint d = (uint)(b - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }
}
