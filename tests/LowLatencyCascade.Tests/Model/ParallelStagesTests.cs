using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Model;
using Xunit;
using LowLatencyCascade.Engine.Stages;

namespace LowLatencyCascade.Tests.Model;

public class ParallelStagesTests
{
    [Fact]
    public async Task Velocity_and_volatility_on_two_threads_give_the_same_slots_as_one_thread()
    {
        var symbols = SymbolTable.Of(["BTCUSDT", .. SyntheticMarket.Alts()]);
        var sequential = AllocationTests.BuildMix(symbols);
        var parallel = (MarketEvent[])sequential.Clone();

        var one = new CascadeModel(symbols, ModelFeed.Shipped());
        for (int i = 0; i < sequential.Length; i++) one.Process(ref sequential[i], i);

        var two = new CascadeModel(symbols, ModelFeed.Shipped());
        // Each of the two parallel stages walks the whole array on its own thread, as behind the ring's barrier.
        var velocity = Task.Run(() => { for (int i = 0; i < parallel.Length; i++) two.Velocity.OnEvent(ref parallel[i], i, i == parallel.Length - 1); }, TestContext.Current.CancellationToken);
        var volatility = Task.Run(() => { for (int i = 0; i < parallel.Length; i++) two.Volatility.OnEvent(ref parallel[i], i, i == parallel.Length - 1); }, TestContext.Current.CancellationToken);
        await Task.WhenAll(velocity, volatility).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        for (int i = 0; i < parallel.Length; i++)
        {
            two.Regime.OnEvent(ref parallel[i], i, false);
            two.Scoring.OnEvent(ref parallel[i], i, false);
        }

        int generated = 0;
        for (int i = 0; i < sequential.Length; i++)
        {
            Assert.Equal(sequential[i].Model, parallel[i].Model);
            Assert.Equal(sequential[i].Signal, parallel[i].Signal);
            if (parallel[i].Signal.Generated) generated++;
        }
        Assert.True(generated > 0);
    }
}
