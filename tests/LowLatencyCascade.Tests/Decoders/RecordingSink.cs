using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

/// <summary>
/// An <see cref="IMarketEventSink"/> over a preallocated slot array, reused as a ring once full, that checks the
/// claim-commit discipline: every claim is committed before the next one.
/// </summary>
internal sealed class RecordingSink : IMarketEventSink
{
    private readonly MarketEvent[] _slots;
    private long _claimed;
    private long _committed;

    public RecordingSink(int capacity = 64)
    {
        _slots = new MarketEvent[capacity];
        // Dirty every slot so a decoder that forgets ResetInput is caught.
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i].Kind = EventKind.Gap;
            _slots[i].Side = Side.Short;
            _slots[i].Price = -1;
            _slots[i].Quantity = -1;
            _slots[i].NotionalUsd = -1;
            _slots[i].FundingRate = -1;
            _slots[i].OpenInterest = -1;
            _slots[i].SymbolId = 999;
        }
    }

    public long Claimed => _claimed;
    public long Committed => _committed;

    public ref MarketEvent Claim()
    {
        if (_claimed != _committed) throw new InvalidOperationException("claimed twice without a commit");
        return ref _slots[_claimed++ % _slots.Length];
    }

    public void Commit()
    {
        if (_committed >= _claimed) throw new InvalidOperationException("commit without a claim");
        _committed++;
    }

    /// <summary>The committed events so far (valid while fewer than the capacity were recorded).</summary>
    public MarketEvent[] Events => _slots[..(int)Math.Min(_committed, _slots.Length)];

    public MarketEvent Single()
    {
        Assert.Equal(1, _committed);
        return _slots[0];
    }

    public void Clear()
    {
        _claimed = 0;
        _committed = 0;
    }
}
