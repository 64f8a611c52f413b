using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Capture;

public class CaptureReplayerTests
{
    private static readonly long T0 = CaptureTimestamp.FromDateTime(new DateTime(2025, 1, 27, 16, 41, 0, DateTimeKind.Utc));

    private static string Write(TempDirectory dir, string exchange, string connection, IEnumerable<(long Ticks, string? Frame)> lines)
    {
        using var writer = new CaptureFileWriter(new CaptureFileOptions { Directory = dir.Path, Exchange = exchange, Connection = connection });
        foreach (var (ticks, frame) in lines)
        {
            if (frame is null) writer.WriteDisconnect();
            else writer.TryWriteFrame(System.Text.Encoding.UTF8.GetBytes(frame), ticks);
        }
        return writer.Files.Single();
    }

    [Fact]
    public void Files_are_merged_by_local_time_with_ties_going_to_the_file_listed_first()
    {
        using var dir = new TempDirectory();
        var random = new Random(11);
        var expected = new List<(long Ticks, int File, int Seq)>();
        string[] venues = ["binance", "bybit", "okx"];
        for (int f = 0; f < 3; f++)
        {
            var lines = new List<(long, string?)>();
            long t = T0;
            for (int i = 0; i < 200; i++)
            {
                t += random.Next(0, 3) * TimeSpan.TicksPerMillisecond; // many equal times across files
                lines.Add((t, $"{{\"f\":{f},\"i\":{i}}}"));
                expected.Add((t, f, i));
            }
            Write(dir, venues[f], "c", lines);
        }
        var consumer = new RecordingConsumer();
        var replayer = new CaptureReplayer([dir.Path]);
        var summary = replayer.Run(consumer, TestContext.Current.CancellationToken);

        // The folder lists files by name: binance, bybit, okx = file order 0, 1, 2.
        var order = expected.OrderBy(e => e.Ticks).ThenBy(e => e.File).ThenBy(e => e.Seq).ToList();
        Assert.Equal(order.Count, consumer.Items.Count);
        for (int i = 0; i < order.Count; i++)
        {
            Assert.Equal(order[i].Ticks, consumer.Items[i].Ticks);
            Assert.Equal($"{{\"f\":{order[i].File},\"i\":{order[i].Seq}}}", consumer.Items[i].Frame);
            Assert.Equal((Exchange)order[i].File, consumer.Items[i].Exchange);
        }
        Assert.Equal(600, summary.Frames);
        Assert.Equal(3, summary.Sources.Select(s => s.ConnectionId).Distinct().Count());
    }

    [Fact]
    public void Rotated_files_of_one_connection_share_a_connection_id_and_disconnects_reach_the_consumer()
    {
        using var dir = new TempDirectory();
        using (var writer = new CaptureFileWriter(new CaptureFileOptions { Directory = dir.Path, Exchange = "bybit", Connection = "linear", MaxUncompressedBytes = 300 }))
        {
            for (int i = 0; i < 20; i++)
            {
                writer.TryWriteFrame(System.Text.Encoding.UTF8.GetBytes($"{{\"topic\":\"publicTrade.BTCUSDT\",\"i\":{i}}}"), T0 + i * TimeSpan.TicksPerSecond);
                if (i == 10) writer.WriteDisconnect();
            }
        }
        var consumer = new RecordingConsumer();
        var summary = new CaptureReplayer([dir.Path]).Run(consumer, TestContext.Current.CancellationToken);
        Assert.True(summary.Sources.Count > 1);
        Assert.Single(summary.Sources.Select(s => s.ConnectionId).Distinct());
        Assert.All(summary.Sources, s => Assert.Equal(Exchange.Bybit, s.Exchange));
        Assert.Equal(1, summary.Disconnects);
        int disconnectAt = consumer.Items.FindIndex(i => i.Frame is null);
        Assert.Equal(11, disconnectAt);
        Assert.Equal(consumer.Items[10].Ticks, consumer.Items[11].Ticks);
    }

    [Fact]
    public void A_file_named_without_a_venue_is_identified_from_its_first_frame()
    {
        using var dir = new TempDirectory();
        string path = dir.File("capture.ndjson");
        File.WriteAllText(path, "2025-01-27T16:41:02.1000000Z {\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT-SWAP\"},\"data\":[]}\n");
        var summary = new CaptureReplayer([path]).Run(new RecordingConsumer(), TestContext.Current.CancellationToken);
        Assert.Equal(Exchange.Okx, Assert.Single(summary.Sources).Exchange);
    }

    [Fact]
    public void Replay_paced_at_N_times_real_time_gives_the_same_sequence_as_full_speed()
    {
        using var dir = new TempDirectory();
        var random = new Random(5);
        for (int f = 0; f < 2; f++)
        {
            var lines = new List<(long, string?)>();
            for (int i = 0; i < 300; i++)
            {
                lines.Add((T0 + random.Next(0, 2_000) * TimeSpan.TicksPerMillisecond, $"{{\"stream\":\"s{f}\",\"i\":{i}}}"));
            }
            lines.Sort((a, b) => a.Item1.CompareTo(b.Item1));
            Write(dir, f == 0 ? "binance" : "okx", "c", lines);
        }
        var fast = new RecordingConsumer();
        var paced = new RecordingConsumer();
        var progress = new List<CaptureReplayProgress>();
        var fastSummary = new CaptureReplayer([dir.Path]).Run(fast, TestContext.Current.CancellationToken);
        var pacedSummary = new CaptureReplayer([dir.Path], new CaptureReplayOptions { Speed = 1000, Progress = progress.Add }).Run(paced, TestContext.Current.CancellationToken);

        Assert.Equal(fast.Items, paced.Items);
        Assert.Equal(fastSummary.Frames, pacedSummary.Frames);
        Assert.True(progress[^1].Completed);
        Assert.Equal(600, progress[^1].Frames);
    }

    [Fact]
    public void Read_ahead_on_off_or_capped_gives_the_same_sequence()
    {
        using var dir = new TempDirectory();
        // Three gzip venue files of a few MB each: many read-ahead blocks per file.
        LowLatencyCascade.Feeds.Simulation.ScenarioGenerator.GenerateToDirectory(dir.Path,
            new LowLatencyCascade.Feeds.Simulation.ScenarioOptions { Duration = TimeSpan.FromMinutes(3), Seed = 9 });
        var ahead = new RecordingConsumer();
        var direct = new RecordingConsumer();
        var capped = new RecordingConsumer();
        var aheadSummary = new CaptureReplayer([dir.Path]).Run(ahead, TestContext.Current.CancellationToken);
        new CaptureReplayer([dir.Path], new CaptureReplayOptions { ReadAhead = false }).Run(direct, TestContext.Current.CancellationToken);
        new CaptureReplayer([dir.Path], new CaptureReplayOptions { MaxReadAheadFiles = 2 }).Run(capped, TestContext.Current.CancellationToken);

        Assert.Equal(3, aheadSummary.Sources.Count);
        Assert.True(aheadSummary.Bytes > 4 * 256 * 1024, $"only {aheadSummary.Bytes} bytes");
        Assert.Equal(direct.Items, ahead.Items);
        Assert.Equal(direct.Items, capped.Items);
        Assert.Empty(ahead.Issues);
    }

    [Fact]
    public void Cancelling_stops_the_replay_and_says_so()
    {
        using var dir = new TempDirectory();
        Write(dir, "binance", "c", Enumerable.Range(0, 50).Select(i => (T0 + i * TimeSpan.TicksPerSecond, (string?)"{}")));
        using var cts = new CancellationTokenSource();
        var consumer = new CancellingConsumer(cts, afterFrames: 5);
        var summary = new CaptureReplayer([dir.Path]).Run(consumer, cts.Token);
        Assert.True(summary.Cancelled);
        Assert.Equal(5, summary.Frames);
    }

    private sealed class CancellingConsumer(CancellationTokenSource cts, int afterFrames) : ICaptureFrameConsumer
    {
        private int _frames;

        public void OnFrame(Exchange exchange, int connectionId, long receiveTimeTicks, ReadOnlySpan<byte> frame)
        {
            if (++_frames == afterFrames) cts.Cancel();
        }

        public void OnDisconnect(Exchange exchange, int connectionId, long receiveTimeTicks) { }
    }
}
