using System.Buffers.Binary;
using System.IO.Compression;

namespace LowLatencyCascade.Engine.Latency;

/// <summary>
/// HdrHistogram's V2 binary encoding, plain and compressed, as used in histogram logs (<c>HISTF...</c> in base64).
/// </summary>
/// <remarks>
/// Plain V2 (big-endian): cookie 0x1c849313 (base 0x1c849303 | 0x10 word-size bits), payload length,
/// normalizing index offset (0), significant digits, lowest discernible value, highest trackable value,
/// integer-to-double ratio (1.0 as a double), then one ZigZag LEB128 value per counts slot up to the slot of
/// the maximum, where a negative value -n stands for a run of n empty slots.
/// Compressed: cookie 0x1c849314, length of the deflated bytes, then the plain encoding through zlib.
/// </remarks>
public static class HistogramEncoding
{
    public const int V2EncodingCookieBase = 0x1c849303;
    public const int V2CompressedEncodingCookieBase = 0x1c849304;
    private const int WordSizeBits = 0x10;
    private const int HeaderLength = 40;

    /// <summary>The plain V2 encoding of <paramref name="histogram"/>.</summary>
    public static byte[] Encode(HdrHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        int countsLimit = histogram.MaxValueIndex + 1;
        var buffer = new byte[HeaderLength + countsLimit * ZigZagLeb128.MaxBytes];
        Span<byte> span = buffer;
        BinaryPrimitives.WriteInt32BigEndian(span, V2EncodingCookieBase | WordSizeBits);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], 0);
        BinaryPrimitives.WriteInt32BigEndian(span[12..], histogram.NumberOfSignificantValueDigits);
        BinaryPrimitives.WriteInt64BigEndian(span[16..], histogram.LowestDiscernibleValue);
        BinaryPrimitives.WriteInt64BigEndian(span[24..], histogram.HighestTrackableValue);
        BinaryPrimitives.WriteDoubleBigEndian(span[32..], 1.0);

        int position = HeaderLength;
        int index = 0;
        while (index < countsLimit)
        {
            long count = histogram.GetCountAtIndex(index++);
            if (count < 0)
                throw new InvalidOperationException($"Cannot encode a negative count ({count}) at index {index - 1}.");
            int zerosCount = 0;
            if (count == 0)
            {
                zerosCount = 1;
                while (index < countsLimit && histogram.GetCountAtIndex(index) == 0)
                {
                    zerosCount++;
                    index++;
                }
            }
            position += ZigZagLeb128.Write(span[position..], zerosCount > 1 ? -zerosCount : count);
        }
        BinaryPrimitives.WriteInt32BigEndian(span[4..], position - HeaderLength);
        return buffer[..position];
    }

    /// <summary>The compressed V2 encoding of <paramref name="histogram"/>.</summary>
    public static byte[] EncodeCompressed(HdrHistogram histogram)
    {
        byte[] plain = Encode(histogram);
        using var output = new MemoryStream(plain.Length / 2 + 16);
        output.Write(stackalloc byte[8]);
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(plain);
        byte[] result = output.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(result, V2CompressedEncodingCookieBase | WordSizeBits);
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(4), result.Length - 8);
        return result;
    }

    /// <summary>The base64 text of the compressed encoding, as written in a histogram log line.</summary>
    public static string EncodeCompressedBase64(HdrHistogram histogram) => Convert.ToBase64String(EncodeCompressed(histogram));

    /// <summary>Decodes a base64 compressed histogram (a log line's last field).</summary>
    /// <exception cref="FormatException">The text is not base64 or not a V2 compressed histogram.</exception>
    public static HdrHistogram DecodeCompressedBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        byte[] bytes;
        try { bytes = Convert.FromBase64String(base64.Trim()); }
        catch (FormatException e) { throw new FormatException("Compressed histogram is not valid base64.", e); }
        return DecodeCompressed(bytes);
    }

    /// <summary>Decodes a compressed V2 histogram.</summary>
    /// <exception cref="FormatException">Wrong cookie, truncated data, or an invalid payload.</exception>
    public static HdrHistogram DecodeCompressed(ReadOnlySpan<byte> compressed)
    {
        return Decode(Decompress(compressed));
    }

    /// <summary>Inflates a compressed V2 histogram to its plain V2 encoding.</summary>
    /// <exception cref="FormatException">Wrong cookie, truncated data, or data zlib cannot inflate.</exception>
    public static byte[] Decompress(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length < 8)
            throw new FormatException($"Compressed histogram is {compressed.Length} bytes, shorter than its 8-byte header.");
        int cookie = BinaryPrimitives.ReadInt32BigEndian(compressed);
        if ((cookie & ~0xf0) != V2CompressedEncodingCookieBase)
            throw new FormatException($"Cookie 0x{cookie:x8} is not a V2 compressed histogram (0x{V2CompressedEncodingCookieBase | WordSizeBits:x8}).");
        int length = BinaryPrimitives.ReadInt32BigEndian(compressed[4..]);
        if (length < 0 || length > compressed.Length - 8)
            throw new FormatException($"Compressed histogram claims {length} bytes of deflated data but has {compressed.Length - 8}.");
        try
        {
            using var input = new MemoryStream(compressed.Slice(8, length).ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var plain = new MemoryStream();
            zlib.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new FormatException("Compressed histogram's deflated data is corrupt.", e);
        }
    }

    /// <summary>Decodes a plain V2 histogram.</summary>
    /// <exception cref="FormatException">Wrong cookie, truncated data, or counts beyond the declared layout.</exception>
    public static HdrHistogram Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < HeaderLength)
            throw new FormatException($"Histogram encoding is {encoded.Length} bytes, shorter than its {HeaderLength}-byte header.");
        int cookie = BinaryPrimitives.ReadInt32BigEndian(encoded);
        if ((cookie & ~0xf0) != V2EncodingCookieBase)
            throw new FormatException($"Cookie 0x{cookie:x8} is not a V2 histogram encoding (0x{V2EncodingCookieBase | WordSizeBits:x8}).");
        int payloadLength = BinaryPrimitives.ReadInt32BigEndian(encoded[4..]);
        // Bytes 8..11 (normalizing index offset) and 32..39 (integer-to-double ratio) are ignored, as
        // hdr-histogram-js does: it writes 1 in both where HdrHistogram (Java) writes 0 and 1.0.
        int digits = BinaryPrimitives.ReadInt32BigEndian(encoded[12..]);
        long lowest = BinaryPrimitives.ReadInt64BigEndian(encoded[16..]);
        long highest = BinaryPrimitives.ReadInt64BigEndian(encoded[24..]);
        if (payloadLength < 0 || payloadLength > encoded.Length - HeaderLength)
            throw new FormatException($"Histogram encoding claims a {payloadLength}-byte payload but has {encoded.Length - HeaderLength}.");

        HdrHistogram histogram;
        try { histogram = new HdrHistogram(lowest, highest, digits); }
        catch (ArgumentException e) { throw new FormatException($"Histogram encoding has an invalid layout: {e.Message}", e); }

        ReadOnlySpan<byte> payload = encoded.Slice(HeaderLength, payloadLength);
        int position = 0;
        long index = 0;
        while (position < payload.Length)
        {
            long count = ZigZagLeb128.Read(payload, ref position);
            if (count < 0)
            {
                index -= count; // a run of empty slots
                continue;
            }
            if (index < 0 || index >= histogram.CountsArrayLength)
                throw new FormatException($"Histogram encoding has counts beyond its layout's {histogram.CountsArrayLength} slots.");
            histogram.SetCountAtIndex((int)index++, count);
        }
        histogram.EstablishInternalTrackingValues();
        return histogram;
    }
}
