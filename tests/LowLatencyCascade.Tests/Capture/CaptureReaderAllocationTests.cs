using LowLatencyCascade.Feeds.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Capture;

public class CaptureReaderAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reading_lines_allocates_nothing_in_steady_state(bool readAhead)
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 20_000; i++) text.Append($"2025-01-27T16:41:02.{i % 10_000_000:0000000}Z {{\"stream\":\"btcusdt@aggTrade\",\"data\":{{\"a\":{i}}}}}\n");
        var bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        Stream source = new MemoryStream(bytes);
        // Small blocks, so the measured part hands many blocks over between the two threads.
        if (readAhead) source = new ReadAheadStream(source, "memory", blockBytes: 8192, blocks: 3);
        using var reader = new CaptureReader(source, "memory");
        for (int i = 0; i < 1000; i++) Assert.True(reader.TryRead(out _));

        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        int lines = 0;
        while (reader.TryRead(out var record)) { sum += record.Frame.Length; lines++; }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(19_000, lines);
        Assert.True(sum > 0);
        Assert.Equal(0, allocated);
    }
}
