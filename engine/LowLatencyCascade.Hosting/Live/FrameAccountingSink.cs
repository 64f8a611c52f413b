using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Feeds;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// A live connection's way into the ring, and the half of the frame accounting that the decoder cannot see.
/// <para>
/// <see cref="FrameCountingDecoder"/> counts every frame its decoder handled. The transport also refuses frames
/// before (or instead of) decoding them (oversized, undecodable binary, a decoder that threw) and a redundant
/// pair turns the later copy of a frame into a <see cref="RejectReason.Duplicate"/>: each of those publishes one
/// rejected slot <em>outside</em> a decode call, and this sink counts exactly those as rejected frames. Inside a
/// decode call it only counts the commits, so the decoder can tell a frame it published from a copy the
/// deduplicator decoded into a throw-away slot. The decode window is per thread (each connection decodes on its
/// own receive thread), so one sink can serve both legs of a redundant pair.
/// </para>
/// With <c>shared</c> (a redundant pair: two receive threads and the gap publisher) claim and commit are
/// serialized by a lock held only for the copy into the slot; a single connection needs none.
/// Without a ring (<see cref="Discarding"/>, for <c>cascade record</c>) the slot is scratch space and nothing is published.
/// </summary>
public sealed class FrameAccountingSink : IMarketEventSink
{
    [ThreadStatic] private static bool t_inFrame;
    [ThreadStatic] private static int t_commits;

    private readonly RingBuffer<MarketEvent>? _ring;
    private readonly FrameCounters _counters;
    private readonly object? _lock;
    private MarketEvent _scratch;
    private long _sequence = -1;
    private long _published;

    /// <param name="ring">The ring to publish into; null discards every slot (see <see cref="Discarding"/>).</param>
    /// <param name="shared">Several threads claim and commit through this sink (a redundant pair).</param>
    public FrameAccountingSink(RingBuffer<MarketEvent>? ring, FrameCounters counters, bool shared = false)
    {
        _ring = ring;
        _counters = counters;
        _lock = shared ? new object() : null;
    }

    /// <summary>A sink that counts like the ring-backed one but publishes nothing (recording without a model).</summary>
    public static FrameAccountingSink Discarding(FrameCounters counters, bool shared = false) => new(ring: null, counters, shared);

    /// <summary>Slots committed (published to the ring, or discarded).</summary>
    public long Published => Interlocked.Read(ref _published);

    public ref MarketEvent Claim()
    {
        if (_lock is not null) Monitor.Enter(_lock);
        if (_ring is null) return ref _scratch;
        _sequence = _ring.Next();
        return ref _ring[_sequence];
    }

    public void Commit()
    {
        ref MarketEvent slot = ref _ring is null ? ref _scratch : ref _ring[_sequence];
        if (t_inFrame) t_commits++;
        else if (slot.Kind == EventKind.Rejected) _counters.CountRejected(slot.Reject);
        _ring?.Publish(_sequence);
        Interlocked.Increment(ref _published);
        if (_lock is not null) Monitor.Exit(_lock);
    }

    /// <summary>A decoder starts on this thread's frame: commits are counted for it, not as transport rejections.</summary>
    internal static void BeginFrame()
    {
        t_inFrame = true;
        t_commits = 0;
    }

    /// <summary>The frame is decoded; returns how many slots it committed into a <see cref="FrameAccountingSink"/>.</summary>
    internal static int EndFrame()
    {
        t_inFrame = false;
        return t_commits;
    }
}
