using System.Threading.Channels;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Tests.Publishing;

/// <summary>A <see cref="SignalSubscriber"/> whose signals the test reads one by one, with a timeout each.</summary>
internal sealed class SubscriberProbe : IAsyncDisposable
{
    private readonly Channel<(string Channel, CascadeSignalEnvelope Signal)> _received = Channel.CreateUnbounded<(string, CascadeSignalEnvelope)>();
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public SignalSubscriber Subscriber { get; } = new();

    public static async Task<SubscriberProbe> StartAsync(string endpoint, params string[] channels)
    {
        var probe = new SubscriberProbe();
        probe._run = probe.Subscriber.SubscribeAsync(endpoint, channels, (channel, signal) =>
        {
            probe._received.Writer.TryWrite((channel, signal));
            return Task.CompletedTask;
        }, probe._stop.Token);
        await Task.WhenAny(probe.Subscriber.Subscribed, probe._run).WaitAsync(TimeSpan.FromSeconds(30));
        if (probe._run.IsFaulted) await probe._run; // surface the connection error
        await probe.Subscriber.Subscribed;
        return probe;
    }

    /// <summary>The next signal, or null when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<(string Channel, CascadeSignalEnvelope Signal)?> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> signals; fails the test when they do not all arrive in time.</summary>
    public async Task<List<(string Channel, CascadeSignalEnvelope Signal)>> TakeAsync(int count, TimeSpan timeout)
    {
        var list = new List<(string, CascadeSignalEnvelope)>(count);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (list.Count < count) list.Add(await _received.Reader.ReadAsync(cts.Token));
        }
        catch (OperationCanceledException)
        {
            Xunit.Assert.Fail($"received {list.Count} of {count} signals within {timeout.TotalSeconds} s");
        }
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try { await _run.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or StackExchange.Redis.RedisException) { }
        _stop.Dispose();
    }
}
