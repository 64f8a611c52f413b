using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>A stage that reads the slot and does a little work with it, so the JIT cannot drop the read.</summary>
public sealed class SummingStage : IEventHandler<BenchSlot>
{
    public long Sum { get; private set; }

    public void OnEvent(ref BenchSlot evt, long sequence, bool endOfBatch) => Sum += evt.Value;
}
