using System.IO.Compression;
using LowLatencyCascade.Feeds.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Capture;

public class ReadAheadStreamTests
{
    /// <summary>A source that hands out at most a few bytes per read, then optionally fails.</summary>
    private sealed class TrickleStream(byte[] data, int maxPerRead, Exception? failAtEnd = null) : Stream
    {
        private int _position;
        public bool Disposed { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position == data.Length)
            {
                if (failAtEnd is not null) throw failAtEnd;
                return 0;
            }
            int n = Math.Min(Math.Min(count, maxPerRead), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }
        protected override void Dispose(bool disposing) { Disposed = true; base.Dispose(disposing); }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] ReadAll(Stream stream, Random random)
    {
        var output = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = stream.Read(buffer, 0, random.Next(1, buffer.Length + 1))) > 0) output.Write(buffer, 0, n);
        Assert.Equal(0, stream.Read(buffer, 0, buffer.Length));   // the end stays the end
        return output.ToArray();
    }

    [Theory]
    [InlineData(0, 16, 2)]
    [InlineData(1, 16, 2)]
    [InlineData(16, 16, 2)]        // exactly one block
    [InlineData(32, 16, 2)]        // exactly the ring
    [InlineData(100_003, 1000, 3)]
    [InlineData(1_000_000, 65536, 4)]
    public void Gives_back_the_source_bytes_in_order(int size, int blockBytes, int blocks)
    {
        var random = new Random(size);
        var data = new byte[size];
        random.NextBytes(data);
        var source = new TrickleStream(data, maxPerRead: 7 + size % 5000);
        using (var stream = new ReadAheadStream(source, "test", blockBytes, blocks))
        {
            Assert.Equal(data, ReadAll(stream, random));
            Assert.Equal(size, stream.Position);
        }
        Assert.True(source.Disposed);
    }

    [Fact]
    public void A_source_failure_comes_after_the_bytes_read_before_it_as_the_same_exception()
    {
        var data = new byte[50_000];
        new Random(5).NextBytes(data);
        var failure = new InvalidDataException("bad block");
        using var stream = new ReadAheadStream(new TrickleStream(data, 999, failure), "test", blockBytes: 4096, blocks: 3);
        var output = new MemoryStream();
        var buffer = new byte[1000];
        var thrown = Assert.Throws<InvalidDataException>(() =>
        {
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) output.Write(buffer, 0, n);
        });
        Assert.Same(failure, thrown);
        Assert.Equal(data, output.ToArray());
        Assert.Equal(0, stream.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void Gzip_through_read_ahead_equals_gzip_read_directly()
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 50_000; i++) text.Append("2025-01-27T16:00:00.0000000Z {\"n\":").Append(i).Append("}\n");
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        byte[] direct = ReadAll(new GZipStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress), new Random(1));
        using var ahead = new ReadAheadStream(new GZipStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress), "gz");
        Assert.Equal(direct, ReadAll(ahead, new Random(2)));
    }

    [Fact]
    public void Disposing_before_the_end_stops_the_fill_thread_and_disposes_the_source()
    {
        var source = new TrickleStream(new byte[10_000_000], 65536);
        var stream = new ReadAheadStream(source, "test", blockBytes: 65536, blocks: 2);
        Assert.True(stream.Read(new byte[10], 0, 10) > 0);   // the fill thread now waits for a free block
        stream.Dispose();
        Assert.True(source.Disposed);
        stream.Dispose();   // twice is harmless
    }
}
