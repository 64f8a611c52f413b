using Microsoft.Extensions.Time.Testing;
using LowLatencyCascade.Feeds.Health;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

public class ConnectionHealthTests
{
    private static (ConnectionHealth Health, FakeTimeProvider Clock) Connected()
    {
        var clock = new FakeTimeProvider();
        var health = new ConnectionHealth(1, "bybit-1", new HealthThresholds { SilenceThreshold = TimeSpan.FromSeconds(30) }, clock);
        health.OnConnected(clock.GetTimestamp());
        return (health, clock);
    }

    /// <summary>Ten messages a second for <paramref name="seconds"/> seconds, each with the given latency.</summary>
    private static void Stream(ConnectionHealth health, FakeTimeProvider clock, int seconds, long latencyMs)
    {
        for (int i = 0; i < seconds * 10; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            health.OnMessage(clock.GetTimestamp());
            health.OnLatency(latencyMs);
        }
    }

    [Fact]
    public void A_connection_streaming_fast_data_is_green()
    {
        var (health, clock) = Connected();
        Stream(health, clock, 5, latencyMs: 40);
        var s = health.Snapshot();
        Assert.Equal((HealthStatus.Green, HealthCause.None), (s.Status, s.Cause));
        Assert.Equal(40, s.AverageLatencyMs);
        Assert.Equal(50, s.LatencySamples);
        Assert.InRange(s.MessagesPerSecond, 9, 11);
        Assert.Equal(1.0, s.UptimeRatio);
    }

    [Theory]
    [InlineData(199, HealthStatus.Green, HealthCause.None)]
    [InlineData(200, HealthStatus.Yellow, HealthCause.LatencyWarning)]
    [InlineData(499, HealthStatus.Yellow, HealthCause.LatencyWarning)]
    [InlineData(500, HealthStatus.Red, HealthCause.LatencyCritical)]
    public void Latency_thresholds_are_200_ms_warning_and_500_ms_critical(long latencyMs, HealthStatus status, HealthCause cause)
    {
        var (health, clock) = Connected();
        Stream(health, clock, 2, latencyMs);
        Assert.Equal((status, cause), health.Evaluate(clock.GetTimestamp()));
    }

    [Fact]
    public void The_latency_average_rolls_over_the_last_100_samples()
    {
        var (health, clock) = Connected();
        Stream(health, clock, 10, latencyMs: 900); // 100 bad samples
        Assert.Equal(HealthStatus.Red, health.Status);
        Stream(health, clock, 10, latencyMs: 20);  // pushed out by 100 good ones
        Assert.Equal(20, health.AverageLatencyMs);
        Assert.Equal(HealthStatus.Green, health.Status);
    }

    [Fact]
    public void Fewer_than_one_message_a_second_is_yellow_and_silence_past_the_threshold_is_red()
    {
        var (health, clock) = Connected();
        for (int i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(2));
            health.OnMessage(clock.GetTimestamp());
        }
        Assert.Equal((HealthStatus.Yellow, HealthCause.LowMessageRate), health.Evaluate(clock.GetTimestamp()));

        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal((HealthStatus.Red, HealthCause.Silent), health.Evaluate(clock.GetTimestamp()));
    }

    [Fact]
    public void Drops_reconnects_and_uptime_below_95_percent_are_tracked()
    {
        var (health, clock) = Connected();
        Stream(health, clock, 10, latencyMs: 10);
        health.OnDisconnected(clock.GetTimestamp());
        Assert.Equal((HealthStatus.Red, HealthCause.Disconnected), health.Evaluate(clock.GetTimestamp()));

        clock.Advance(TimeSpan.FromSeconds(1)); // down for 1 s of 11
        health.OnReconnectAttempt();
        health.OnConnected(clock.GetTimestamp());
        Stream(health, clock, 1, latencyMs: 10);

        var s = health.Snapshot();
        Assert.Equal(1, s.Drops);
        Assert.Equal(1, s.ReconnectAttempts);
        Assert.InRange(s.UptimeRatio, 11.0 / 12 - 1e-9, 11.0 / 12 + 1e-9);
        Assert.Equal((HealthStatus.Yellow, HealthCause.LowUptime), (s.Status, s.Cause));
    }
}
