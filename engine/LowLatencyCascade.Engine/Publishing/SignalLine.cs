using System.Globalization;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>The one-line human form of a signal, shared by the console sink and <c>cascade subscribe</c>.</summary>
public static class SignalLine
{
    public static string Format(string symbol, SignalLevel level, double probability, long eventTimeMs) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.FromUnixTimeMilliseconds(eventTimeMs):yyyy-MM-dd HH:mm:ss.fff}Z {symbol,-12} {SignalLevels.Name(level),-8} p={probability:0.0000}");

    public static string Format(CascadeSignalEnvelope signal) =>
        Format(signal.Symbol, signal.SignalLevel, signal.Probability, (long)Math.Round(signal.Timestamp * 1000.0));
}
