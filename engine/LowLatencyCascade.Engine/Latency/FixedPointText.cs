using System.Globalization;

namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// Fixed-point text as HdrHistogram's writers print it (Java's <c>%.Nf</c>, hdr-histogram-js's Intl formatter):
/// the double's shortest round-trip decimal, rounded half up to N fraction digits. .NET's "F" format rounds the
/// double's exact binary value instead, which differs on apparent ties such as 0.9997802734375 (stored as
/// 0.99978027343749997...): the reference prints 0.999780273438, "F12" would print 0.999780273437.
/// </summary>
internal static class FixedPointText
{
    public static string Format(double value, int fractionDigits)
    {
        if (!double.IsFinite(value) || Math.Abs(value) >= 1e27)
            return value.ToString("F" + fractionDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        decimal shortest = decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        decimal rounded = Math.Round(shortest, fractionDigits, MidpointRounding.AwayFromZero);
        return rounded.ToString("F" + fractionDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
