namespace LowLatencyCascade.Engine.Events;

/// <summary>The spec's signal levels; the numeric value is the JSON <c>signal_level</c>.</summary>
public enum SignalLevel : byte
{
    None = 0,
    Watch = 1,
    Alert = 2,
    Critical = 3,
    Extreme = 4,
}

public static class SignalLevels
{
    public const int Count = 5;

    public static string Name(SignalLevel l) => l switch
    {
        SignalLevel.None => "NONE",
        SignalLevel.Watch => "WATCH",
        SignalLevel.Alert => "ALERT",
        SignalLevel.Critical => "CRITICAL",
        SignalLevel.Extreme => "EXTREME",
        _ => "NONE",
    };

    public static ReadOnlySpan<byte> Utf8Name(SignalLevel l) => l switch
    {
        SignalLevel.Watch => "WATCH"u8,
        SignalLevel.Alert => "ALERT"u8,
        SignalLevel.Critical => "CRITICAL"u8,
        SignalLevel.Extreme => "EXTREME"u8,
        _ => "NONE"u8,
    };

    public static bool TryParse(string s, out SignalLevel level)
    {
        for (var l = SignalLevel.None; l <= SignalLevel.Extreme; l++)
        {
            if (string.Equals(Name(l), s.Trim(), StringComparison.OrdinalIgnoreCase)) { level = l; return true; }
        }
        level = SignalLevel.None;
        return false;
    }
}
