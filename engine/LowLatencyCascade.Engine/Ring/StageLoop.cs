using System.Runtime.CompilerServices;

namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// The hot loop of one stage, compiled once per stage shape. <typeparamref name="THandler"/> and
/// <typeparamref name="TWaiter"/> are struct types, so the JIT builds a separate body for every combination
/// and every call in it is direct (and inlined where small): no interface dispatch per event or per batch.
/// Built by <see cref="StageLoopFactory"/> when a <see cref="BatchEventProcessor{T}"/> is constructed.
/// </summary>
internal abstract class StageLoop<T> where T : struct
{
    public abstract void ProcessEvents(BatchEventProcessor<T> processor, Sequence sequence);
}

internal sealed class StageLoop<T, THandler, TWaiter> : StageLoop<T>
    where T : struct
    where THandler : struct, IHandlerInvoker<T>
    where TWaiter : struct, IStageWaiter
{
    private readonly RingBuffer<T> _ring;
    private THandler _handler;
    private TWaiter _waiter;

    public StageLoop(RingBuffer<T> ring, THandler handler, TWaiter waiter)
    {
        _ring = ring;
        _handler = handler;
        _waiter = waiter;
    }

    // Entered once per stage thread and never left while the stage runs: without this the method would start
    // at tier 0 and run for ever in its on-stack-replacement build. Fully optimised at its first call instead.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void ProcessEvents(BatchEventProcessor<T> processor, Sequence sequence)
    {
        var ring = _ring;
        long next = sequence.Value + 1;
        while (true)
        {
            try
            {
                long available = _waiter.WaitFor(next);
                if (available < next) continue;

                while (next <= available)
                {
                    _handler.OnEvent(ref ring[next], next, next == available);
                    next++;
                }
                sequence.SetValue(available);
                // Wakes stages blocked behind this one; compiled away for the spinning strategies.
                _waiter.SignalAllWhenBlocking();
            }
            catch (AlertException)
            {
                if (!processor.IsRunningState) return;
            }
            catch (Exception ex)
            {
                processor.ReportEventException(ex, next, ref ring[next]);
                sequence.SetValue(next);
                _waiter.SignalAllWhenBlocking();
                next++;
            }
        }
    }
}

/// <summary>Calls a stage's handler. Implemented by structs so the stage loop's call is direct.</summary>
internal interface IHandlerInvoker<T> where T : struct
{
    void OnEvent(ref T evt, long sequence, bool endOfBatch);
}

/// <summary>The fallback when no direct invoker can be built: one interface call per event.</summary>
internal readonly struct InterfaceHandlerInvoker<T>(IEventHandler<T> handler) : IHandlerInvoker<T> where T : struct
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref T evt, long sequence, bool endOfBatch) => handler.OnEvent(ref evt, sequence, endOfBatch);
}

/// <summary>What the stage loop waits behind: barrier, wait strategy and the sequences it follows, as one struct.</summary>
internal interface IStageWaiter
{
    /// <inheritdoc cref="ISequenceBarrier.WaitFor"/>
    long WaitFor(long sequence);

    void SignalAllWhenBlocking();
}

/// <summary>Any barrier and wait strategy, through their interfaces: the fallback for barriers built elsewhere.</summary>
internal readonly struct InterfaceStageWaiter(ISequenceBarrier barrier, IWaitStrategy waitStrategy) : IStageWaiter
{
    public long WaitFor(long sequence) => barrier.WaitFor(sequence);

    public void SignalAllWhenBlocking() => waitStrategy.SignalAllWhenBlocking();
}

/// <summary>
/// A <see cref="ProcessingSequenceBarrier"/> taken apart into its concrete pieces: the wait policy
/// (<typeparamref name="TWait"/>) and the sequences followed (<typeparamref name="TDeps"/>) are struct type
/// parameters, so the whole wait inlines into the stage loop.
/// </summary>
internal struct BarrierStageWaiter<TWait, TDeps> : IStageWaiter
    where TWait : struct, IWaitPolicy
    where TDeps : struct, IDependentSequence
{
    private readonly ProcessingSequenceBarrier _barrier;
    private readonly MultiProducerSequencer? _multiProducer;
    private TWait _wait;
    private TDeps _dependent;

    public BarrierStageWaiter(ProcessingSequenceBarrier barrier, TWait wait, TDeps dependent)
    {
        _barrier = barrier;
        _multiProducer = barrier.Sequencer as MultiProducerSequencer;
        _wait = wait;
        _dependent = dependent;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        _barrier.CheckAlert();
        long available = _wait.WaitFor(sequence, ref _dependent, _barrier);
        if (available < sequence || _multiProducer is null) return available;
        return WaitForPublished(sequence, available);
    }

    // Multi-producer rings only: the cursor counts claims, the availability flags say what is published.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long WaitForPublished(long sequence, long available)
    {
        var backOff = new SpinWait();
        while (true)
        {
            long published = _multiProducer!.GetHighestPublishedSequence(sequence, available);
            if (published >= sequence) return published;

            // Claimed but not yet published: a producer is between Next and Publish.
            backOff.SpinOnce(sleep1Threshold: -1);
            _barrier.CheckAlert();
            available = _wait.WaitFor(sequence, ref _dependent, _barrier);
            if (available < sequence) return available;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SignalAllWhenBlocking() => _wait.SignalAllWhenBlocking();
}

/// <summary>The sequence(s) a stage follows, read as one value.</summary>
internal interface IDependentSequence
{
    long Value { get; }
}

/// <summary>The ring's cursor or a single upstream stage.</summary>
internal readonly struct SingleDependentSequence(Sequence sequence) : IDependentSequence
{
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => sequence.Value;
    }
}

/// <summary>The slowest of several upstream stages (a join).</summary>
internal readonly struct GroupDependentSequence(Sequence[] sequences) : IDependentSequence
{
    public long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Sequence.Minimum(sequences, long.MaxValue);
    }
}

/// <summary>A wait strategy's loop, specialised on the sequences followed.</summary>
internal interface IWaitPolicy
{
    long WaitFor<TDeps>(long sequence, ref TDeps dependent, ProcessingSequenceBarrier barrier) where TDeps : struct, IDependentSequence;

    void SignalAllWhenBlocking();
}

/// <summary><see cref="BusySpinWaitStrategy"/> as a policy.</summary>
internal readonly struct BusySpinWaitPolicy : IWaitPolicy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor<TDeps>(long sequence, ref TDeps dependent, ProcessingSequenceBarrier barrier) where TDeps : struct, IDependentSequence
    {
        long available;
        while ((available = dependent.Value) < sequence)
        {
            barrier.CheckAlert();
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
}

/// <summary><see cref="YieldingWaitStrategy"/> as a policy: the same spin phase, then yields.</summary>
internal readonly struct YieldingWaitPolicy : IWaitPolicy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor<TDeps>(long sequence, ref TDeps dependent, ProcessingSequenceBarrier barrier) where TDeps : struct, IDependentSequence
    {
        long available = dependent.Value;
        if (available >= sequence) return available;
        return WaitSlow(sequence, ref dependent, barrier);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long WaitSlow<TDeps>(long sequence, ref TDeps dependent, ProcessingSequenceBarrier barrier) where TDeps : struct, IDependentSequence
    {
        int counter = YieldingWaitStrategy.SpinTries;
        long available;
        while ((available = dependent.Value) < sequence)
        {
            barrier.CheckAlert();
            if (counter > 0) counter--;
            else Thread.Yield();
        }
        return available;
    }

    public void SignalAllWhenBlocking() { }
}

/// <summary>Any other strategy (sleeping, blocking, spin-then-park, custom) through its interface, once per batch.</summary>
internal readonly struct InterfaceWaitPolicy(IWaitStrategy strategy, Sequence cursor, ISequence dependent) : IWaitPolicy
{
    public long WaitFor<TDeps>(long sequence, ref TDeps deps, ProcessingSequenceBarrier barrier) where TDeps : struct, IDependentSequence
    {
        long available = deps.Value;
        if (available >= sequence) return available;
        return strategy.WaitFor(sequence, cursor, dependent, barrier);
    }

    public void SignalAllWhenBlocking() => strategy.SignalAllWhenBlocking();
}
