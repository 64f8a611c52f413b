using System.Globalization;
using System.Text;
using LowLatencyCascade.Feeds.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Capture;

public class CaptureTimestampTests
{
    [Theory]
    [InlineData("2025-01-27T16:41:02.1234567Z")]
    [InlineData("1970-01-01T00:00:00.0000000Z")]
    [InlineData("2024-02-29T23:59:59.9999999Z")]
    public void Format_and_parse_round_trip_and_agree_with_DateTime(string text)
    {
        var expected = DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.True(CaptureTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out long ticks, out int consumed));
        Assert.Equal(CaptureTimestamp.Length, consumed);
        Assert.Equal(CaptureTimestamp.FromDateTime(expected), ticks);

        var buffer = new byte[CaptureTimestamp.Length];
        CaptureTimestamp.Format(ticks, buffer);
        Assert.Equal(text, Encoding.ASCII.GetString(buffer));
    }

    [Fact]
    public void Fewer_fractional_digits_are_read_as_the_same_instant()
    {
        Assert.True(CaptureTimestamp.TryParse("2025-01-27T16:41:02.5Z"u8, out long shortForm, out _));
        Assert.True(CaptureTimestamp.TryParse("2025-01-27T16:41:02.5000000Z"u8, out long longForm, out _));
        Assert.Equal(longForm, shortForm);
    }

    [Theory]
    [InlineData("2025-02-30T00:00:00.0000000Z")]
    [InlineData("2025-01-27 16:41:02.1234567Z")]
    [InlineData("2025-01-27T16:41:02.1234567")]
    [InlineData("2025-01-27T24:00:00.0000000Z")]
    [InlineData("{\"stream\":\"x\"}")]
    [InlineData("2025-01-27T16:41:02.Z")]
    public void Malformed_timestamps_are_refused(string text)
    {
        Assert.False(CaptureTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out _, out _));
    }
}
