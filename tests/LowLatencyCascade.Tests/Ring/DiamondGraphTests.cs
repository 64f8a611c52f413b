using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

[Collection(RingThreadsCollection.Name)]
public sealed class DiamondGraphTests
{
    // Seven threads (three producers, four stages) on a two-core machine: the yielding strategy is the one
    // that keeps them all moving without a dedicated core each. 3 x 10,000 = 30,000 events per ring size, so a ring
    // of 8 slots wraps 3,750 times. (It was 3 x 350,000: 3 to 8 s alone, but beside CPU-bound processes every
    // yield gives the core away for a whole time slice and 1.05 million events took 6 to 7 minutes.)
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void ThreeProducersOnASmallRingReachEveryDiamondStageOnceInOrderAndNeverAheadOfUpstream(int bufferSize) =>
        DiamondRun.RunAndAssert(bufferSize, new YieldingWaitStrategy(), producers: 3, eventsPerProducer: 10_000);

    // Busy-spinning stages only hand over when the scheduler preempts them, so that row runs fewer events.
    [Theory]
    [InlineData("busy-spin", 5_000)]
    [InlineData("yielding", 20_000)]
    [InlineData("sleeping", 20_000)]
    [InlineData("blocking", 20_000)]
    [InlineData("spin-then-park", 20_000)]
    public void EveryWaitStrategyRunsTheDiamondCorrectly(string strategy, int eventsPerProducer) =>
        DiamondRun.RunAndAssert(1024, WaitStrategies.Parse(strategy), producers: 3, eventsPerProducer);
}
