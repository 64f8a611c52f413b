using System.Buffers.Binary;
using LowLatencyCascade.Engine.Latency;
using Xunit;

namespace LowLatencyCascade.Tests.Latency;

public class HistogramEncodingTests
{
    [Fact]
    public void Empty_histogram_encodes_a_single_zero_count()
    {
        byte[] encoded = HistogramEncoding.Encode(new HdrHistogram(1, 1000, 3));
        Assert.Equal(0x1c849313, BinaryPrimitives.ReadInt32BigEndian(encoded));
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(encoded.AsSpan(4)));
        Assert.Equal(41, encoded.Length);
        Assert.Equal(0, encoded[40]);
        Assert.Equal(0, HistogramEncoding.Decode(encoded).TotalCount);
    }

    [Fact]
    public void Runs_of_empty_slots_become_one_negative_zigzag_value()
    {
        var histogram = new HdrHistogram(1, 1000, 3);
        histogram.RecordValue(1);
        histogram.RecordValueWithCount(100, 300);
        byte[] payload = HistogramEncoding.Encode(histogram)[40..];
        // slot 0: 0 -> 0x00; slot 1: 1 -> 0x02; slots 2..99: run of 98 -> zigzag 195 -> 0xC3 0x01; slot 100: 300 -> 600 -> 0xD8 0x04
        Assert.Equal(new byte[] { 0x00, 0x02, 0xC3, 0x01, 0xD8, 0x04 }, payload);
    }

    [Fact]
    public void Large_counts_and_values_round_trip()
    {
        var histogram = new HdrHistogram(1, long.MaxValue / 4, 2);
        histogram.RecordValueWithCount(long.MaxValue / 8, long.MaxValue / 16);
        histogram.RecordValueWithCount(3, 1L << 40);
        HistogramAssert.SameCounts(histogram, HistogramEncoding.DecodeCompressedBase64(HistogramEncoding.EncodeCompressedBase64(histogram)));
    }

    [Fact]
    public void Wrong_cookie_truncation_and_overflowing_counts_are_format_errors()
    {
        var histogram = new HdrHistogram(1, 1000, 3);
        histogram.RecordValue(999);
        byte[] compressed = HistogramEncoding.EncodeCompressed(histogram);

        byte[] wrongCookie = (byte[])compressed.Clone();
        wrongCookie[0] ^= 0x40;
        Assert.Contains("Cookie", Assert.Throws<FormatException>(() => HistogramEncoding.DecodeCompressed(wrongCookie)).Message);
        Assert.Throws<FormatException>(() => HistogramEncoding.DecodeCompressed(compressed.AsSpan(0, compressed.Length - 4)));

        byte[] plain = HistogramEncoding.Encode(histogram);
        byte[] tooManyCounts = [.. plain[..40], .. Enumerable.Repeat((byte)0x02, histogram.CountsArrayLength + 1)];
        BinaryPrimitives.WriteInt32BigEndian(tooManyCounts.AsSpan(4), tooManyCounts.Length - 40);
        Assert.Contains("beyond", Assert.Throws<FormatException>(() => HistogramEncoding.Decode(tooManyCounts)).Message);
    }
}
