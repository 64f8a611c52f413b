using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Transport;
using Xunit;

namespace LowLatencyCascade.Tests.Transport;

public class TransportOptionsTests
{
    [Fact]
    public void Validate_names_every_bad_key()
    {
        var options = new FeedConnectionOptions
        {
            Endpoint = new Uri("http://example.com/ws"),
            Subscription = new FeedSubscription([]) { AllMarketLiquidations = false },
            ConnectTimeout = TimeSpan.Zero,
            ReconnectMin = TimeSpan.FromSeconds(5),
            ReconnectMax = TimeSpan.FromSeconds(1),
            MaxFrameBytes = 10,
        };
        var errors = options.Validate();
        foreach (var key in new[] { "Endpoint", "Subscription", "ConnectTimeout", "ReconnectMax", "MaxFrameBytes" })
            Assert.Contains(errors, e => e.StartsWith(key + ":", StringComparison.Ordinal));
        Assert.Equal(5, errors.Count);
        Assert.Throws<ArgumentException>(options.ThrowIfInvalid);
        Assert.Empty(new FeedConnectionOptions { Endpoint = new Uri("wss://stream.bybit.com/v5/public/linear"), Subscription = new FeedSubscription(["BTCUSDT"]) }.Validate());
    }

    [Fact]
    public void Backoff_doubles_with_jitter_between_min_and_max_and_resets()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), new Random(1));
        var delays = Enumerable.Range(0, 8).Select(_ => backoff.NextDelay().TotalMilliseconds).ToArray();
        for (int n = 0; n < delays.Length; n++)
        {
            double ceiling = Math.Min(2000, 100 * Math.Pow(2, n));
            Assert.InRange(delays[n], Math.Max(100, ceiling / 2), ceiling);
        }
        Assert.InRange(delays[^1], 1000, 2000); // capped
        Assert.Equal(8, backoff.Attempt);
        backoff.Reset();
        Assert.InRange(backoff.NextDelay().TotalMilliseconds, 100, 100);
        Assert.Equal(1, backoff.Attempt);
    }

    [Fact]
    public void The_deduplicator_passes_each_copy_once_per_source_and_forgets_after_its_window()
    {
        var dedup = new FrameDeduplicator(TimeSpan.FromSeconds(1), capacity: 16);
        var frame = "{\"topic\":\"a\",\"ts\":1}"u8;
        Assert.False(dedup.IsDuplicate(frame, 0, 0));
        Assert.True(dedup.IsDuplicate(frame, 1, 10));
        Assert.False(dedup.IsDuplicate(frame, 0, 20)); // the venue repeated the bytes: a second event
        Assert.True(dedup.IsDuplicate(frame, 1, 30));
        Assert.False(dedup.IsDuplicate("{\"topic\":\"a\",\"ts\":2}"u8, 1, 40));
        Assert.False(dedup.IsDuplicate(frame, 1, 20_000_000)); // 2 s later: outside the window
        Assert.Equal(2, dedup.Duplicates);
        Assert.NotEqual(FrameDeduplicator.Hash("ab"u8), FrameDeduplicator.Hash("ba"u8));
    }
}
