using Xunit;

namespace LowLatencyCascade.Tests.Ring;

/// <summary>
/// Test slot: what the producer wrote (which sequence, which producer, that producer's running count) and a
/// stamp per upstream stage, so every stage can check it saw the slot complete and after its upstream.
/// </summary>
internal struct DiamondSlot
{
    public long Sequence;
    public int Producer;
    public long ProducerCounter;
    public long StampA;
    public long StampB;
    public long StampC;

    public void Fill(long sequence, int producer, long counter)
    {
        Sequence = sequence;
        Producer = producer;
        ProducerCounter = counter;
        StampA = StampB = StampC = -1;
    }
}
