using System.Text;
using System.Text.Json;
using LowLatencyCascade.Engine.Signals;
using Xunit;

namespace LowLatencyCascade.Tests.Signals;

public class FixedPointJsonTests
{
    private static string Format(double value, int digits)
    {
        Span<byte> buffer = stackalloc byte[40];
        return Encoding.ASCII.GetString(buffer[..FixedPointJson.Format(value, digits, buffer)]);
    }

    [Theory]
    [InlineData(0.75214, 4, "0.7521")]
    [InlineData(0.5, 3, "0.5")]
    [InlineData(36_050_000.0, 2, "36050000")]
    [InlineData(-0.0216, 6, "-0.0216")]
    [InlineData(-0.0000004, 3, "0")]
    [InlineData(0.000189, 8, "0.000189")]
    [InlineData(1_698_765_432.123, 3, "1698765432.123")]
    [InlineData(2.5e-9, 8, "0")]
    [InlineData(0.125, 2, "0.13")]
    [InlineData(-0.125, 2, "-0.13")]
    [InlineData(double.NaN, 3, "0")]
    [InlineData(double.PositiveInfinity, 3, "0")]
    public void Writes_at_most_the_given_decimals_without_trailing_zeros(double value, int digits, string expected) =>
        Assert.Equal(expected, Format(value, digits));

    [Fact]
    public void Agrees_with_decimal_rounding_on_random_values_and_is_valid_json()
    {
        var random = new Random(42);
        for (int i = 0; i < 20_000; i++)
        {
            int digits = random.Next(0, 9);
            double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 10));
            string text = Format(value, digits);
            using var doc = JsonDocument.Parse(text);
            double expected = Math.Round(value * Math.Pow(10, digits), MidpointRounding.AwayFromZero) / Math.Pow(10, digits);
            Assert.Equal(expected, doc.RootElement.GetDouble(), Math.Max(Math.Abs(expected) * 1e-12, 1e-12));
            Assert.False(text.Contains('.') && text.EndsWith('0'), text);
            Assert.True(text.Length - text.IndexOf('.') - 1 <= digits || !text.Contains('.'), text);
        }
    }

    /// <summary>The text, defined through strings: the rounded scaled integer, its last <c>digits</c> digits the fraction.</summary>
    private static string Expected(double value, int digits)
    {
        long scaled = (long)Math.Round(value * Math.Pow(10, digits), MidpointRounding.AwayFromZero);
        string s = Math.Abs(scaled).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        string whole = s[..^digits], fraction = s[^digits..].TrimEnd('0');
        return (scaled < 0 ? "-" : "") + whole + (fraction.Length > 0 ? "." + fraction : "");
    }

    [Fact]
    public void Matches_the_text_defined_through_strings_digit_for_digit()
    {
        var random = new Random(11);
        for (int i = 0; i < 50_000; i++)
        {
            int digits = random.Next(0, 9);
            double value = random.Next(3) switch
            {
                0 => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 12)),
                1 => random.Next(-100_000, 100_000) / Math.Pow(10, random.Next(0, 9)),
                _ => Math.Round(random.NextDouble(), random.Next(0, 9)) * (random.Next(2) == 0 ? -1 : 1),
            };
            if (Math.Abs(value * Math.Pow(10, digits)) >= 9e15) continue;
            Assert.Equal(Expected(value, digits), Format(value, digits));
        }
    }

    [Fact]
    public void Writing_allocates_nothing()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        using var writer = new Utf8JsonWriter(buffer);
        var name = JsonEncodedText.Encode("p");
        writer.WriteStartObject();
        FixedPointJson.Write(writer, name, 0.123456, 4);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) FixedPointJson.Write(writer, name, i * 0.37, 4);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
