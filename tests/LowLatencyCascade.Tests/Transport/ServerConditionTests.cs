using LowLatencyCascade.Feeds.Serving;
using Xunit;
using LowLatencyCascade.Testing;

namespace LowLatencyCascade.Tests.Transport;

/// <summary>
/// The fake exchange's "wait for a counter" primitive must never lose a wake-up: a change that lands while a waiter is
/// between its first check and registering itself has to end that wait. (CI once hung 30 s on exactly that race.)
/// </summary>
public sealed class ServerConditionTests
{
    [Fact]
    public async Task A_change_racing_the_waiters_first_check_still_ends_the_wait()
    {
        var condition = new ServerCondition();
        const int rounds = 20_000;
        for (int i = 0; i < rounds; i++)
        {
            int flag = 0;
            using var go = new Barrier(2);
            var signaller = Task.Run(() =>
            {
                go.SignalAndWait();
                Volatile.Write(ref flag, 1);
                condition.Signal();
            }, TestContext.Current.CancellationToken);
            go.SignalAndWait(TestContext.Current.CancellationToken);
            var wait = condition.WaitAsync(() => Volatile.Read(ref flag) == 1, CancellationToken.None);
            await signaller;
            // The change has happened and been signalled: the wait must end (generously bounded, so a lost wake-up
            // shows as a failure rather than a hung suite).
            try { await wait.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); }
            catch (TimeoutException) { Assert.Fail($"round {i}: the wait missed a signalled change"); }
        }
    }

    [Fact]
    public async Task A_count_reached_while_the_waiter_registers_still_ends_the_wait()
    {
        const int rounds = 20_000;
        for (int i = 0; i < rounds; i++)
        {
            var count = new CountSignal();
            using var go = new Barrier(2);
            var adder = Task.Run(() =>
            {
                go.SignalAndWait();
                count.Add();
            }, TestContext.Current.CancellationToken);
            go.SignalAndWait(TestContext.Current.CancellationToken);
            var wait = count.WaitForAsync(1, "adds");
            await adder;
            try { await wait.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken); }
            catch (TimeoutException) { Assert.Fail($"round {i}: the wait missed a reached count"); }
        }
    }
}
