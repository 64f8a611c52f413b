using System.Text;
using LowLatencyCascade.Feeds.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Capture;

public class CaptureRoundTripTests
{
    private static readonly long T0 = CaptureTimestamp.FromDateTime(new DateTime(2025, 1, 27, 16, 41, 2, DateTimeKind.Utc));

    private static List<(long Ticks, byte[]? Frame)> MakeFrames(int count, long start, long stepTicks)
    {
        var random = new Random(7);
        var items = new List<(long, byte[]?)>();
        for (int i = 0; i < count; i++)
        {
            if (i % 97 == 50) items.Add((0, null)); // disconnect marker
            string frame = $"{{\"stream\":\"btcusdt@aggTrade\",\"data\":{{\"a\":{i},\"p\":\"{random.Next(90000, 110000)}.{random.Next(0, 9)}\",\"pad\":\"{new string('x', random.Next(0, 300))}\"}}}}";
            items.Add((start + i * stepTicks + random.Next(0, 9999), Encoding.UTF8.GetBytes(frame)));
        }
        return items;
    }

    private static List<CaptureRecordCopy> ReadAll(IEnumerable<string> files)
    {
        var records = new List<CaptureRecordCopy>();
        foreach (string file in files)
        {
            using var reader = CaptureReader.Open(file, new CaptureReaderOptions { Strict = true });
            while (reader.TryRead(out var record)) records.Add(new(record.ReceiveTimeTicks, record.IsDisconnect ? null : record.Frame.ToArray()));
        }
        return records;
    }

    private readonly record struct CaptureRecordCopy(long Ticks, byte[]? Frame);

    private static void AssertSame(List<(long Ticks, byte[]? Frame)> written, List<CaptureRecordCopy> read)
    {
        Assert.Equal(written.Count, read.Count);
        long lastTicks = 0;
        for (int i = 0; i < written.Count; i++)
        {
            if (written[i].Frame is null)
            {
                Assert.Null(read[i].Frame);
                Assert.Equal(lastTicks, read[i].Ticks); // a disconnect carries the time of the line before it
                continue;
            }
            Assert.Equal(written[i].Ticks, read[i].Ticks);
            Assert.Equal(written[i].Frame, read[i].Frame);
            lastTicks = written[i].Ticks;
        }
    }

    [Fact]
    public async Task Background_writer_then_reader_gives_back_every_frame_time_and_disconnect_byte_for_byte_across_size_rotation()
    {
        using var dir = new TempDirectory();
        var frames = MakeFrames(3000, T0, TimeSpan.TicksPerMillisecond * 3);
        await using (var writer = new CaptureWriter(new CaptureWriterOptions
        {
            File = new CaptureFileOptions { Directory = dir.Path, Exchange = "binance", Connection = "futures", MaxUncompressedBytes = 100_000 },
            QueueBytes = 16 << 20,
        }))
        {
            foreach (var (ticks, frame) in frames)
            {
                bool queued = frame is null ? writer.TryAppendDisconnect() : writer.TryAppend(frame, ticks);
                Assert.True(queued);
            }
            await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.Equal(0, writer.FramesDropped);
        }

        string[] files = Directory.GetFiles(dir.Path).Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 3, $"expected size rotation to give several files, got {files.Length}");
        foreach (string file in files)
        {
            Assert.StartsWith("binance-futures-20250127T1641", Path.GetFileName(file));
            Assert.EndsWith(".ndjson.gz", file);
        }
        AssertSame(frames, ReadAll(files));
    }

    [Fact]
    public void Hourly_rotation_starts_a_new_complete_gzip_file_per_UTC_hour()
    {
        using var dir = new TempDirectory();
        long start = T0 + TimeSpan.TicksPerMinute * 10; // 16:51
        var frames = MakeFrames(400, start, TimeSpan.TicksPerSecond * 30); // 200 minutes
        using (var writer = new CaptureFileWriter(new CaptureFileOptions { Directory = dir.Path, Exchange = "okx", Connection = "swap", RotateHourly = true }))
        {
            foreach (var (ticks, frame) in frames)
            {
                if (frame is null) writer.WriteDisconnect();
                else Assert.True(writer.TryWriteFrame(frame, ticks));
            }
        }
        long lastTicks = frames.Where(f => f.Frame is not null).Max(f => f.Ticks);
        long hours = lastTicks / TimeSpan.TicksPerHour - start / TimeSpan.TicksPerHour + 1;
        string[] files = Directory.GetFiles(dir.Path).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(hours, files.Length);
        foreach (string file in files)
        {
            var hoursInFile = ReadAll([file]).Where(r => r.Frame is not null).Select(r => r.Ticks / TimeSpan.TicksPerHour).Distinct();
            Assert.Single(hoursInFile);
        }
        AssertSame(frames, ReadAll(files));
    }

    [Fact]
    public async Task Frames_with_line_breaks_are_rejected_and_counted_not_written()
    {
        using var dir = new TempDirectory();
        var writer = new CaptureWriter(new CaptureWriterOptions
        {
            File = new CaptureFileOptions { Directory = dir.Path, Exchange = "bybit", Connection = "linear" },
        });
        Assert.True(writer.TryAppend("{\"topic\":\"a\"}"u8, T0));
        Assert.False(writer.TryAppend("{\"topic\":\n\"b\"}"u8, T0 + 1));
        Assert.False(writer.TryAppend("{\"topic\":\r\"c\"}"u8, T0 + 2));
        await writer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(2, writer.FramesRejected);
        Assert.Equal(1, writer.FramesEnqueued);
        var read = ReadAll(writer.Files);
        Assert.Single(read);
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_blocking()
    {
        using var dir = new TempDirectory();
        var writer = new CaptureWriter(new CaptureWriterOptions
        {
            File = new CaptureFileOptions { Directory = dir.Path, Exchange = "binance", Connection = "0" },
            QueueBytes = 4096,
        });
        var frame = new byte[1000];
        frame.AsSpan().Fill((byte)'a');
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) if (writer.TryAppend(frame, T0 + i)) accepted++;
        await writer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(10_000, accepted + writer.FramesDropped);
        Assert.True(writer.FramesDropped > 0);
        Assert.Equal(accepted, ReadAll(writer.Files).Count);
    }
}
