using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

public sealed class FusedHandlerTests
{
    [Fact]
    public void RunsItsHandlersInOrderOnTheSameSlotAndForwardsLifecycle()
    {
        var calls = new List<string>();
        var fused = new FusedHandler<long>(new Step("velocity", calls, 10), new Step("regime", calls, 100));

        fused.OnStart();
        long slot = 1;
        fused.OnEvent(ref slot, 5, endOfBatch: true);
        fused.OnShutdown();

        Assert.Equal(["start velocity", "start regime", "velocity 5 True 1", "regime 5 True 11", "stop regime", "stop velocity"], calls);
        Assert.Equal(111, slot);
    }

    [Fact]
    public void AThrowingHandlerDoesNotStopTheOnesAfterItAndItsExceptionSurfaces()
    {
        var calls = new List<string>();
        var fused = new FusedHandler<long>(new Throwing(), new Step("regime", calls, 1));
        long slot = 0;
        var ex = Assert.Throws<InvalidOperationException>(() => fused.OnEvent(ref slot, 9, endOfBatch: false));
        Assert.Equal("boom at 9", ex.Message);
        Assert.Equal(["regime 9 False 0"], calls);
    }

    private sealed class Step(string name, List<string> calls, long add) : IEventHandler<long>, ILifecycleAware
    {
        public void OnEvent(ref long evt, long sequence, bool endOfBatch)
        {
            calls.Add($"{name} {sequence} {endOfBatch} {evt}");
            evt += add;
        }

        public void OnStart() => calls.Add($"start {name}");

        public void OnShutdown() => calls.Add($"stop {name}");
    }

    private sealed class Throwing : IEventHandler<long>
    {
        public void OnEvent(ref long evt, long sequence, bool endOfBatch) => throw new InvalidOperationException($"boom at {sequence}");
    }
}
