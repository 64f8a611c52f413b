using System.Globalization;
using System.Text;
using LowLatencyCascade.Feeds.Venues;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

public class FrameJsonTests
{
    [Theory]
    [InlineData("3150.25")]
    [InlineData("0.00038167")]
    [InlineData("-0.000212")]
    [InlineData("101200.50")]
    [InlineData("10000000")]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456789")]
    [InlineData("1.5e-7")]
    [InlineData("6.02E23")]
    [InlineData("0.1000000000000000055511151231257827")]
    public void Numbers_parse_to_the_same_double_as_the_full_parser(string text)
    {
        Assert.Equal(FieldStatus.Ok, FrameJson.Number(Encoding.ASCII.GetBytes(text), out double value));
        Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
    }

    [Fact]
    public void Random_plain_decimals_parse_exactly()
    {
        var random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            long mantissa = random.NextInt64(0, 1_000_000_000_000_000);
            int scale = random.Next(0, 16);
            string text = (random.Next(2) == 0 ? "-" : "") + (mantissa / (decimal)Math.Pow(10, scale)).ToString("0.###############", CultureInfo.InvariantCulture);
            Assert.Equal(FieldStatus.Ok, FrameJson.Number(Encoding.ASCII.GetBytes(text), out double value));
            Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), value);
        }
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData("--1")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e999")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    public void Non_numbers_are_bad(string text)
    {
        Assert.Equal(FieldStatus.Bad, FrameJson.Number(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void Empty_is_absent()
    {
        Assert.Equal(FieldStatus.Absent, FrameJson.Number([], out _));
        Assert.Equal(FieldStatus.Absent, FrameJson.Integer([], out _));
    }
}
