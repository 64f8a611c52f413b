using LowLatencyCascade.Hosting.Harness;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using Xunit;

namespace LowLatencyCascade.Tests.Harness;

[Collection(HarnessCollection.Name)]
public sealed class LoadGeneratorTests(HarnessCorpusFixture fixture)
{
    /// <summary>One slot, reused for every event: the generator and decoders alone, no pipeline behind them.</summary>
    private sealed class OneSlotSink : IMarketEventSink
    {
        private MarketEvent _slot;
        public long Committed;
        public long LastIngress;
        public ref MarketEvent Claim() => ref _slot;
        public void Commit()
        {
            Committed++;
            LastIngress = _slot.Stamps.Ingress;
        }
    }

    private static (LoadGenerator Generator, OneSlotSink Sink) Send(FrameCorpus corpus, SymbolTable symbols, double rate, int frames, bool markWindow)
    {
        var sink = new OneSlotSink();
        var generator = new LoadGenerator(corpus, symbols, sink, rate, frames);
        if (markWindow) generator.MarkWindowStart();
        generator.Start(TimeSpan.Zero);
        Assert.True(generator.Join(TimeSpan.FromSeconds(30)), "the generator did not finish");
        return (generator, sink);
    }

    [Fact]
    public void Sending_and_decoding_frames_allocates_nothing_once_warm()
    {
        var symbols = new SymbolTable();
        int frames = Math.Min(fixture.Corpus.Count, 2_000);
        // First pass: symbols enter the table, static state and JIT warm up.
        Send(fixture.Corpus, symbols, rate: 0, frames, markWindow: false);
        var (generator, sink) = Send(fixture.Corpus, symbols, rate: 0, frames, markWindow: true);
        Assert.Equal(frames, generator.FramesSent);
        Assert.Equal(generator.Events + generator.Rejected, sink.Committed);
        Assert.Equal(0, generator.WindowAllocatedBytes);
    }

    [Fact]
    public void A_paced_frame_is_stamped_with_its_due_time_not_its_send_time()
    {
        const double rate = 20_000;
        const int frames = 200;
        var (generator, sink) = Send(fixture.Corpus, new SymbolTable(), rate, frames, markWindow: false);
        // The last frame was due (frames - 1) intervals after the start: its ingress says exactly that, however late it went.
        long due = generator.StartTimestamp + (long)((frames - 1) * (System.Diagnostics.Stopwatch.Frequency / rate));
        Assert.Equal(due, sink.LastIngress);
        Assert.True(generator.EndTimestamp >= due);
    }
}
