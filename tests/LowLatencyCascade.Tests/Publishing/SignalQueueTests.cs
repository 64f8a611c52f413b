using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using Xunit;

namespace LowLatencyCascade.Tests.Publishing;

public class SignalQueueTests
{
    [Fact]
    public void Messages_come_out_in_order_with_their_fields()
    {
        using var q = new SignalQueue(capacity: 8, slotBytes: 64);
        for (int i = 0; i < 5; i++)
            Assert.Equal(SignalQueueResult.Enqueued, q.TryEnqueue(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}"), i, (SignalLevel)(i % 5), i / 10.0, 1000 + i));
        for (int i = 0; i < 5; i++)
        {
            Assert.True(q.TryPeek(out var m));
            Assert.Equal($"{{\"n\":{i}}}", Encoding.UTF8.GetString(m.Json));
            Assert.Equal(i, m.SymbolId);
            Assert.Equal((SignalLevel)(i % 5), m.Level);
            Assert.Equal(i / 10.0, m.Probability);
            Assert.Equal(1000 + i, m.EventTimeMs);
            q.Advance();
        }
        Assert.False(q.TryPeek(out _));
    }

    [Fact]
    public void A_full_queue_drops_and_counts_instead_of_waiting()
    {
        using var q = new SignalQueue(capacity: 4, slotBytes: 64);
        var results = Enumerable.Range(0, 10).Select(i => q.TryEnqueue("{}"u8, 0, SignalLevel.Alert, 0.5, i)).ToList();
        Assert.Equal(4, results.Count(r => r == SignalQueueResult.Enqueued));
        Assert.Equal(6, results.Count(r => r == SignalQueueResult.DroppedFull));
        Assert.Equal(4, q.Enqueued);
        Assert.Equal(6, q.DroppedFull);
        // Freeing one slot makes room for exactly one more.
        Assert.True(q.TryPeek(out _));
        q.Advance();
        Assert.Equal(SignalQueueResult.Enqueued, q.TryEnqueue("{}"u8, 0, SignalLevel.Alert, 0.5, 99));
        Assert.Equal(SignalQueueResult.DroppedFull, q.TryEnqueue("{}"u8, 0, SignalLevel.Alert, 0.5, 100));
    }

    [Fact]
    public void A_message_larger_than_a_slot_is_dropped_with_its_own_reason()
    {
        using var q = new SignalQueue(capacity: 4, slotBytes: 64);
        Assert.Equal(SignalQueueResult.DroppedOversize, q.TryEnqueue(new byte[65], 0, SignalLevel.Alert, 0.5, 1));
        Assert.Equal(SignalQueueResult.Enqueued, q.TryEnqueue(new byte[64], 0, SignalLevel.Alert, 0.5, 2));
        Assert.Equal(1, q.DroppedOversize);
        Assert.Equal(0, q.DroppedFull);
        Assert.Equal(1, q.Enqueued);
    }

    [Fact]
    public async Task A_parked_consumer_wakes_when_a_message_arrives()
    {
        using var q = new SignalQueue(capacity: 4, slotBytes: 64);
        using var parked = new ManualResetEventSlim();
        var consumer = Task.Factory.StartNew(() =>
        {
            parked.Set();
            // Generous timeout: the assertion is that it returns true (woken by the message), not how fast.
            return q.WaitForMessage(TimeSpan.FromSeconds(30));
        }, TaskCreationOptions.LongRunning);
        Assert.True(parked.Wait(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        q.TryEnqueue("{\"x\":1}"u8, 3, SignalLevel.Critical, 0.8, 5);
        Assert.True(await consumer.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.True(q.TryPeek(out var m));
        Assert.Equal(3, m.SymbolId);
    }

    [Fact]
    public async Task Producer_and_consumer_on_two_threads_lose_and_reorder_nothing()
    {
        using var q = new SignalQueue(capacity: 64, slotBytes: 64);
        const int count = 50_000;
        var consumer = Task.Factory.StartNew(() =>
        {
            long expected = 0;
            while (expected < count)
            {
                if (!q.TryPeek(out var m)) { q.WaitForMessage(TimeSpan.FromSeconds(5)); continue; }
                if (m.EventTimeMs != expected || BitConverter.ToInt64(m.Json) != expected) return expected;
                q.Advance();
                expected++;
            }
            return expected;
        }, TaskCreationOptions.LongRunning);
        var payload = new byte[8];
        for (long i = 0; i < count;)
        {
            BitConverter.TryWriteBytes(payload, i);
            if (q.TryEnqueue(payload, 0, SignalLevel.Watch, 0.3, i) == SignalQueueResult.Enqueued) i++;
            else Thread.Yield(); // the test's producer retries; the publish stage never does
        }
        Assert.Equal(count, await consumer.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));
    }
}
