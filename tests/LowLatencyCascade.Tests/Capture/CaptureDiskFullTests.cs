using System.Collections.Concurrent;
using System.Text;
using LowLatencyCascade.Feeds.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Capture;

/// <summary>
/// The capture folder's disk fills up while recording, then frees up: the feed is never held up, every frame is
/// either in a readable file or counted as lost, the failure and the recovery are told once each, and recording goes
/// on in a new file by itself.
/// </summary>
public class CaptureDiskFullTests
{
    private static readonly long T0 = CaptureTimestamp.FromDateTime(new DateTime(2025, 1, 27, 16, 41, 2, DateTimeKind.Utc));

    /// <summary>A file on a disk that can be made full: every write then fails as Linux reports ENOSPC.</summary>
    private sealed class Disk
    {
        public volatile bool Full;
    }

    private sealed class DiskFile(Stream inner, Disk disk) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush()
        {
            if (disk.Full) throw new IOException("No space left on device");
            inner.Flush();
        }
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (disk.Full) throw new IOException("No space left on device");
            inner.Write(buffer);
        }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private static byte[] Frame(int i) => Encoding.UTF8.GetBytes($"{{\"stream\":\"btcusdt@aggTrade\",\"data\":{{\"a\":{i}}}}}");

    [Fact]
    public async Task A_full_disk_loses_counted_frames_only_and_recording_resumes_in_a_new_file_when_space_is_back()
    {
        using var dir = new TempDirectory();
        var disk = new Disk();
        var told = new ConcurrentQueue<string>();
        await using var writer = new CaptureWriter(new CaptureWriterOptions
        {
            File = new CaptureFileOptions
            {
                Directory = dir.Path, Exchange = "bybit", Connection = "1",
                OpenFile = path => new DiskFile(new FileStream(path, FileMode.CreateNew, FileAccess.Write), disk),
            },
            RetryInterval = TimeSpan.FromMilliseconds(50),
            StateChanged = ex => told.Enqueue(ex?.Message ?? "resumed"),
        });
        int next = 0;
        void Append(int count)
        {
            for (int i = 0; i < count; i++, next++) Assert.True(writer.TryAppend(Frame(next), T0 + next * TimeSpan.TicksPerMillisecond));
        }

        Append(100);
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(0, writer.WriteFailures);

        disk.Full = true;
        Append(50);
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); // the flush meets the full disk
        Assert.True(writer.IsFailing);
        Assert.Equal(1, writer.WriteFailures);
        Assert.Equal("No space left on device", writer.Fault?.Message);
        Assert.Equal(50, writer.FramesLost);

        // Space is back: after the retry interval the next frames go to a new file. Frames keep coming meanwhile
        // (the producer is never held up); those that arrive before the retry are counted as lost too.
        disk.Full = false;
        await Eventually.HoldsAsync(() =>
        {
            Append(1);
            writer.FlushAsync().Wait(TimeSpan.FromSeconds(30));
            return !writer.IsFailing && writer.Files.Count == 2;
        }, TimeSpan.FromSeconds(30), "recording resumed in a new file");
        Append(100);
        await writer.FlushAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        long lost = writer.FramesLost;
        await writer.DisposeAsync();

        Assert.Equal(["No space left on device", "resumed"], told.ToArray());
        Assert.Equal(0, writer.FramesDropped);
        // Every frame is on disk or counted lost, never both: the first file holds the 100 confirmed frames (cut
        // short after its last flush, without a gzip trailer, yet readable up to the cut: the compressor was not
        // allowed to finish the stream after its hole), the second everything written after the recovery.
        var read = new List<int>();
        var issues = new List<CaptureIssueKind>();
        foreach (string file in writer.Files)
        {
            using var reader = CaptureReader.Open(file, new CaptureReaderOptions { OnIssue = i => issues.Add(i.Kind) });
            while (reader.TryRead(out var record))
                if (!record.IsDisconnect) read.Add(int.Parse(Encoding.UTF8.GetString(record.Frame.Span).Split("\"a\":")[1].TrimEnd('}')));
        }
        Assert.True(next == read.Count + lost, $"appended {next}, read back {read.Count}, lost {lost}, files {writer.Files.Count}, issues {string.Join(",", issues)}");
        Assert.DoesNotContain(CaptureIssueKind.CorruptGzip, issues);
        Assert.Equal(Enumerable.Range(0, 100), read.Take(100));
        Assert.Equal(read.Distinct().Count(), read.Count);
        Assert.All(read.Skip(100), i => Assert.True(i >= 150));
    }
}
