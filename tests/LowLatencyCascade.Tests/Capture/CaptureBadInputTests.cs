using System.IO.Compression;
using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;
using Xunit;

namespace LowLatencyCascade.Tests.Capture;

public class CaptureBadInputTests
{
    private const string Good1 = "2025-01-27T16:41:02.1000000Z {\"stream\":\"!forceOrder@arr\",\"data\":{\"e\":\"forceOrder\"}}";
    private const string Good2 = "2025-01-27T16:41:02.2000000Z {\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\"}}";
    private const string Good3 = "2025-01-27T16:41:02.3000000Z {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\"}}";

    private static void WritePlain(string path, string text) => File.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));

    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }

    [Fact]
    public void A_line_without_timestamp_is_reported_with_file_and_line_and_replay_goes_on()
    {
        using var dir = new TempDirectory();
        string path = dir.File("binance-futures.ndjson");
        WritePlain(path, $"{Good1}\n{{\"stream\":\"no time\"}}\n{Good2}\n");
        var consumer = new RecordingConsumer();
        var summary = new CaptureReplayer([path]).Run(consumer, TestContext.Current.CancellationToken);

        Assert.Equal(2, summary.Frames);
        var issue = Assert.Single(consumer.Issues);
        Assert.Equal(CaptureIssueKind.BadTimestamp, issue.Kind);
        Assert.Equal(path, issue.File);
        Assert.Equal(2, issue.Line);
        Assert.Equal(1, summary.IssuesByKind[CaptureIssueKind.BadTimestamp]);
    }

    [Fact]
    public void A_truncated_last_line_is_reported_and_not_replayed()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bybit-linear.ndjson.gz");
        WriteGzip(path, $"{Good1}\n{Good2}\n2025-01-27T16:41:02.3000000Z {{\"topic\":\"publicTr");
        var consumer = new RecordingConsumer();
        var summary = new CaptureReplayer([path]).Run(consumer, TestContext.Current.CancellationToken);

        Assert.Equal(2, summary.Frames);
        var issue = Assert.Single(consumer.Issues);
        Assert.Equal(CaptureIssueKind.TruncatedLine, issue.Kind);
        Assert.Equal(3, issue.Line);
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_reported_and_the_other_files_still_replay()
    {
        using var dir = new TempDirectory();
        string corrupt = dir.File("binance-futures-20250127T164102.ndjson.gz");
        var text = new StringBuilder();
        var random = new Random(3);
        for (int i = 0; i < 5000; i++)
        {
            text.Append($"2025-01-27T16:41:{i / 1000 + 10:00}.{i % 1000:000}0000Z {{\"stream\":\"x@aggTrade\",\"data\":{{\"a\":{i},\"r\":{random.Next()}}}}}\n");
        }
        WriteGzip(corrupt, text.ToString());
        byte[] bytes = File.ReadAllBytes(corrupt);
        for (int i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(corrupt, bytes);
        string good = dir.File("okx-swap-20250127T164102.ndjson.gz");
        WriteGzip(good, $"{Good1}\n{Good2}\n{Good3}\n");

        var consumer = new RecordingConsumer();
        var summary = new CaptureReplayer([dir.Path]).Run(consumer, TestContext.Current.CancellationToken);

        Assert.Contains(consumer.Issues, i => i.Kind == CaptureIssueKind.CorruptGzip && i.File == corrupt && i.Line > 0);
        Assert.Equal(3, consumer.Items.Count(i => i.Exchange == Exchange.Okx));
        Assert.InRange(consumer.Items.Count(i => i.Exchange == Exchange.Binance), 1, 4999);
        Assert.Equal(1, summary.IssuesByKind[CaptureIssueKind.CorruptGzip]);
    }

    [Fact]
    public void An_unknown_frame_with_a_good_timestamp_is_passed_through_for_the_decoder_to_reject()
    {
        using var dir = new TempDirectory();
        string path = dir.File("okx-swap.ndjson");
        WritePlain(path, "2025-01-27T16:41:02.1000000Z this is not json\n");
        var consumer = new RecordingConsumer();
        var summary = new CaptureReplayer([path]).Run(consumer, TestContext.Current.CancellationToken);
        Assert.Equal(0, summary.Issues);
        Assert.Equal("this is not json", Assert.Single(consumer.Items).Frame);
    }

    [Fact]
    public void Strict_mode_stops_at_the_first_bad_line_naming_file_and_line()
    {
        using var dir = new TempDirectory();
        string path = dir.File("binance-futures.ndjson");
        WritePlain(path, $"{Good1}\n{Good2}\nbad line\n{Good3}\n");
        var consumer = new RecordingConsumer();
        var ex = Assert.Throws<CaptureFormatException>(() => new CaptureReplayer([path], new CaptureReplayOptions { Strict = true }).Run(consumer, TestContext.Current.CancellationToken));
        Assert.Contains(path + ":3", ex.Message);
        Assert.Equal(2, consumer.Items.Count);
    }

    [Fact]
    public void A_file_whose_venue_cannot_be_told_is_skipped_and_reported()
    {
        using var dir = new TempDirectory();
        string path = dir.File("mystery.ndjson");
        WritePlain(path, "2025-01-27T16:41:02.1000000Z {\"hello\":1}\n");
        var consumer = new RecordingConsumer();
        var summary = new CaptureReplayer([path]).Run(consumer, TestContext.Current.CancellationToken);
        Assert.Empty(consumer.Items);
        Assert.Equal(CaptureIssueKind.UnknownExchange, Assert.Single(consumer.Issues).Kind);
        Assert.Equal(1, summary.IssuesByKind[CaptureIssueKind.UnknownExchange]);
    }

    [Fact]
    public void Lines_longer_than_the_limit_are_skipped_and_reported()
    {
        using var dir = new TempDirectory();
        string path = dir.File("binance-futures.ndjson");
        WritePlain(path, $"{Good1}\n2025-01-27T16:41:02.1500000Z {{\"stream\":\"{new string('z', 500)}\"}}\n{Good2}\n");
        var consumer = new RecordingConsumer();
        var summary = new CaptureReplayer([path], new CaptureReplayOptions { MaxLineBytes = 200 }).Run(consumer, TestContext.Current.CancellationToken);
        Assert.Equal(2, summary.Frames);
        var issue = Assert.Single(consumer.Issues);
        Assert.Equal((CaptureIssueKind.LineTooLong, 2), (issue.Kind, issue.Line));
    }
}
