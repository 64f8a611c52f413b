using LowLatencyCascade.Hosting.Harness;
using Xunit;

namespace LowLatencyCascade.Tests.Harness;

/// <summary>One small synthetic corpus and two tiny runs over it (the ring and the Channels baseline), shared by the harness tests.</summary>
public sealed class HarnessCorpusFixture : IAsyncLifetime
{
    /// <summary>2,000 frames at 8,000 frames/s: a quarter of a second per run, no warm-up (so nothing is forgotten).</summary>
    public static readonly HarnessSettings Settings = new() { WarmupSeconds = 0, MeasureSeconds = 0.25, RingSize = 4096, ChannelCapacity = 4096 };
    public const double Rate = 8_000;

    public FrameCorpus Corpus { get; private set; } = null!;
    public RunResult Ring { get; private set; } = null!;
    public RunResult Channels { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Corpus = FrameCorpus.FromScenario(Settings.FramesFor(Rate), HarnessSymbols.Take(12), seed: 5);
        Ring = await EndToEndHarness.RunAsync(Corpus, RunSpec.ForRing("fused", "yielding", Rate), Settings);
        Channels = await EndToEndHarness.RunAsync(Corpus, RunSpec.ForChannels(Rate), Settings);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The harness tests share one fixture (its runs take a second) and run one after another, not beside each other.</summary>
[CollectionDefinition(Name)]
public sealed class HarnessCollection : ICollectionFixture<HarnessCorpusFixture>
{
    public const string Name = "harness";
}
