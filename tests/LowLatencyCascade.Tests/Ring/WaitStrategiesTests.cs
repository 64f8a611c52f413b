using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

public sealed class WaitStrategiesTests
{
    [Theory]
    [InlineData("busy-spin", typeof(BusySpinWaitStrategy))]
    [InlineData("yielding", typeof(YieldingWaitStrategy))]
    [InlineData("sleeping", typeof(SleepingWaitStrategy))]
    [InlineData("Blocking", typeof(BlockingWaitStrategy))]
    [InlineData("spin-then-park", typeof(SpinThenParkWaitStrategy))]
    public void ParseGivesTheStrategyNamed(string name, Type expected) =>
        Assert.IsType(expected, WaitStrategies.Parse(name));

    [Fact]
    public void ParseRejectsAnUnknownNameNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => WaitStrategies.Parse("spinny"));
        Assert.Contains("'spinny'", ex.Message);
        Assert.Contains("busy-spin", ex.Message);
    }

    [Theory]
    [InlineData("busy-spin")]
    [InlineData("yielding")]
    [InlineData("sleeping")]
    [InlineData("blocking")]
    [InlineData("spin-then-park")]
    public void AnAlertedBarrierStopsTheWaitWithAlertException(string name)
    {
        var ring = RingBuffer<long>.CreateSingleProducer(8, WaitStrategies.Parse(name));
        var barrier = ring.NewBarrier();
        barrier.Alert();
        Assert.True(barrier.IsAlerted);
        Assert.Throws<AlertException>(() => barrier.WaitFor(0));
        barrier.ClearAlert();
        ring.Publish(ring.Next());
        Assert.Equal(0, barrier.WaitFor(0));
    }

    [Theory]
    [InlineData("busy-spin")]
    [InlineData("yielding")]
    [InlineData("sleeping")]
    [InlineData("blocking")]
    [InlineData("spin-then-park")]
    public async Task AWaitInProgressEndsWhenTheBarrierIsAlerted(string name)
    {
        var ring = RingBuffer<long>.CreateSingleProducer(8, WaitStrategies.Parse(name));
        var barrier = ring.NewBarrier();
        var waiting = Task.Factory.StartNew(() => barrier.WaitFor(0), TaskCreationOptions.LongRunning);
        barrier.Alert();
        await Assert.ThrowsAsync<AlertException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }
}
