using LowLatencyCascade.Engine.Ring;
using Xunit;

namespace LowLatencyCascade.Tests.Ring;

/// <summary>
/// A stage of the test diamond (A and B after the producers, C after both, D after C) that checks, for every
/// slot, that it sees each sequence once and in order, that the producer's write is there, that each
/// producer's events arrive in that producer's order, and that its upstream stages have already stamped the
/// slot. It records the first violation instead of throwing, so the test can report it.
/// </summary>
internal sealed class DiamondStage : IEventHandler<DiamondSlot>
{
    public enum Role { A, B, C, D }

    private readonly Role _role;
    private readonly long _total;
    private readonly long[] _nextCounterByProducer;
    private long _expectedSequence;

    public DiamondStage(Role role, int producers, long total)
    {
        _role = role;
        _total = total;
        _nextCounterByProducer = new long[producers];
    }

    public long Seen { get; private set; }

    public string? Failure { get; private set; }

    public ManualResetEventSlim Finished { get; } = new();

    public void OnEvent(ref DiamondSlot slot, long sequence, bool endOfBatch)
    {
        if (sequence != _expectedSequence) Fail($"saw sequence {sequence} when {_expectedSequence} was next");
        _expectedSequence = sequence + 1;

        if (slot.Sequence != sequence) Fail($"slot {sequence} holds the producer's write for {slot.Sequence}");
        if (slot.ProducerCounter != _nextCounterByProducer[slot.Producer])
        {
            Fail($"producer {slot.Producer}'s event {slot.ProducerCounter} arrived when {_nextCounterByProducer[slot.Producer]} was next");
        }
        _nextCounterByProducer[slot.Producer] = slot.ProducerCounter + 1;

        switch (_role)
        {
            case Role.A:
                slot.StampA = sequence;
                break;
            case Role.B:
                slot.StampB = sequence;
                break;
            case Role.C:
                if (slot.StampA != sequence || slot.StampB != sequence)
                {
                    Fail($"read slot {sequence} ahead of its upstream: A stamp {slot.StampA}, B stamp {slot.StampB}");
                }
                slot.StampC = sequence;
                break;
            case Role.D:
                if (slot.StampC != sequence) Fail($"read slot {sequence} ahead of C: C stamp {slot.StampC}");
                break;
        }

        if (++Seen == _total) Finished.Set();
    }

    private void Fail(string message) => Failure ??= $"stage {_role}: {message}";
}
