using System.Diagnostics;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// The last ring stage: encodes each generated signal once and offers the bytes to every sink's bounded queue
/// (with no sink attached, it only counts the signal: there is no one to encode it for).
/// The hand-off is a copy into a preallocated slot: no allocation, no lock, no wait. A sink that is behind
/// loses the message (counted on its queue), never the pipeline's time.
/// </summary>
public sealed class PublishStage : IEventHandler<MarketEvent>
{
    private readonly ISignalEncoder _encoder;
    private readonly SignalQueue[] _queues;
    private readonly bool[] _lossless;
    private readonly long[] _perLevel = new long[SignalLevels.Count];
    private long _published;
    private long _encodeErrors;
    private string? _lastEncodeError;

    public PublishStage(ISignalEncoder encoder, IEnumerable<SinkRunner> sinks)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(sinks);
        _encoder = encoder;
        var runners = sinks.ToArray();
        _queues = runners.Select(s => s.Queue).ToArray();
        _lossless = runners.Select(s => s.Lossless).ToArray();
    }

    /// <summary>Signals encoded and offered to the sinks.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Signals the encoder threw on (counted and skipped; the slot still gets its Published stamp).</summary>
    public long EncodeErrors => Volatile.Read(ref _encodeErrors);

    public string? LastEncodeError => Volatile.Read(ref _lastEncodeError);

    public long PublishedAt(SignalLevel level) => (uint)level < (uint)_perLevel.Length ? Volatile.Read(ref _perLevel[(int)level]) : 0;

    public void OnEvent(ref MarketEvent slot, long sequence, bool endOfBatch)
    {
        if (!slot.Signal.Generated) return;
        if (_queues.Length == 0)
        {
            // No sink to hand the text to (a replay that only counts): the signal is counted, not encoded.
            CountPublished(slot.Signal.Level);
            slot.Stamps.Published = Stopwatch.GetTimestamp();
            return;
        }
        scoped ReadOnlySpan<byte> json;
        try
        {
            json = _encoder.Encode(ref slot);
        }
        catch (Exception ex)
        {
            // A model bug must not stop the ring: count it, keep the reason, move on.
            Volatile.Write(ref _encodeErrors, _encodeErrors + 1);
            Volatile.Write(ref _lastEncodeError, $"{ex.GetType().Name}: {ex.Message}");
            slot.Stamps.Published = Stopwatch.GetTimestamp();
            return;
        }
        SignalLevel level = slot.Signal.Level;
        double probability = slot.Signal.Probability;
        long eventTimeMs = slot.EventTimeMs;
        int symbolId = slot.SymbolId;
        for (int i = 0; i < _queues.Length; i++)
        {
            var queue = _queues[i];
            if (queue.TryEnqueue(json, symbolId, level, probability, eventTimeMs) == SignalQueueResult.DroppedFull && _lossless[i])
                EnqueueWaiting(queue, json, symbolId, level, probability, eventTimeMs);
        }
        CountPublished(level);
        slot.Stamps.Published = Stopwatch.GetTimestamp();
    }

    private void CountPublished(SignalLevel level)
    {
        Volatile.Write(ref _published, _published + 1);
        if ((uint)level < (uint)_perLevel.Length) Volatile.Write(ref _perLevel[(int)level], _perLevel[(int)level] + 1);
    }

    /// <summary>Lossless sinks only (replay): retry until the sink thread makes room. The drop it just counted is taken back.</summary>
    private static void EnqueueWaiting(SignalQueue queue, ReadOnlySpan<byte> json, int symbolId, SignalLevel level, double probability, long eventTimeMs)
    {
        queue.UncountDrop();
        var spin = new SpinWait();
        while (true)
        {
            queue.WakeConsumer();
            spin.SpinOnce(sleep1Threshold: -1);
            if (queue.TryEnqueue(json, symbolId, level, probability, eventTimeMs) != SignalQueueResult.DroppedFull) return;
            queue.UncountDrop();
        }
    }
}
