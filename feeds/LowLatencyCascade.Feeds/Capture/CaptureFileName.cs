using System.Globalization;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// How capture files are named and what a name tells the replayer.
/// <para>
/// The writer names a file <c>&lt;exchange&gt;-&lt;connection&gt;-&lt;yyyyMMddTHHmmss&gt;.ndjson.gz</c>, the time being the
/// first frame's local receive time (UTC); when a rotation lands in the same second, <c>-1</c>, <c>-2</c>, ...
/// follow the time. Files whose names share the part before the time (<see cref="ConnectionKey"/>) are one
/// connection's rotations and replay under one connection id.
/// </para>
/// <para>
/// The exchange is read from the name's first dash-separated word, as tardis.dev names its files too:
/// <c>binance</c>, <c>binance-futures</c>, ... → Binance; <c>bybit</c>, <c>bybit-linear</c> → Bybit;
/// <c>okx</c>, <c>okex</c>, <c>okex-swap</c> → OKX. Anything else is sniffed from the first frame
/// (<see cref="FrameShapeSniffer"/>).
/// </para>
/// </summary>
public static class CaptureFileName
{
    public const string Extension = ".ndjson.gz";
    private const string TimeFormat = "yyyyMMdd'T'HHmmss";

    public static string Build(string exchange, string connection, long firstFrameUnixTicks, int sequence)
    {
        string time = CaptureTimestamp.ToDateTime(firstFrameUnixTicks).ToString(TimeFormat, CultureInfo.InvariantCulture);
        string suffix = sequence == 0 ? "" : "-" + sequence.ToString(CultureInfo.InvariantCulture);
        return $"{exchange}-{connection}-{time}{suffix}{Extension}";
    }

    public static bool TryGetExchange(string path, out Exchange exchange)
    {
        string name = Path.GetFileName(path).ToLowerInvariant();
        int dash = name.IndexOfAny(['-', '_', '.']);
        string first = dash < 0 ? name : name[..dash];
        switch (first)
        {
            case "binance": exchange = Exchange.Binance; return true;
            case "bybit": exchange = Exchange.Bybit; return true;
            case "okx":
            case "okex": exchange = Exchange.Okx; return true;
            default: exchange = default; return false;
        }
    }

    /// <summary>
    /// The file name without its extension and without a trailing <c>-yyyyMMddTHHmmss[-n]</c>: the same for
    /// every rotated file of one connection.
    /// </summary>
    public static string ConnectionKey(string path)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "";
        string name = Path.GetFileName(path);
        int dot = name.IndexOf('.');
        if (dot > 0) name = name[..dot];
        string[] parts = name.Split('-');
        int keep = parts.Length;
        if (keep > 1 && IsSequence(parts[keep - 1]) && IsTime(parts[keep - 2])) keep -= 2;
        else if (IsTime(parts[keep - 1])) keep -= 1;
        if (keep == 0) keep = parts.Length;
        return Path.Combine(dir, string.Join('-', parts, 0, keep));
    }

    private static bool IsTime(string s) =>
        s.Length == 15 && DateTime.TryParseExact(s, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsSequence(string s) => s.Length is > 0 and < 6 && s.All(char.IsAsciiDigit);
}
