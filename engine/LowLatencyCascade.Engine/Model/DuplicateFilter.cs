using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Model;

/// <summary>
/// Recognizes a liquidation seen before: same venue, event time, side, price and quantity (the symbol is
/// implied: one filter per symbol); without a venue time, within a second of receive time. Remembers the last <see cref="Depth"/> distinct liquidations of its symbol
/// for at most the dedup window of event time. Redundant connections and overlapping captures deliver the
/// copy within moments, long before a symbol's 32nd next liquidation.
/// </summary>
internal sealed class DuplicateFilter
{
    public const int Depth = 32;

    private struct Key
    {
        public long TimeMs;
        public bool VenueTime;
        public double Price;
        public double Quantity;
        public Exchange Venue;
        public Side Side;
        public bool Used;
    }

    private readonly Key[] _keys = new Key[Depth];
    private int _next;
    private long _newestMs = long.MinValue;

    /// <summary>Without a venue time, copies are matched on the venue's fields within this much receive time.</summary>
    public const long ReceiveToleranceMs = 1000;

    /// <summary>True when the liquidation was seen already; otherwise remembers it and returns false.</summary>
    public bool IsDuplicate(ref MarketEvent e, long windowMs)
    {
        long t = e.EventTimeMs;
        bool venueTime = e.ExchangeTimeMs != 0;
        if (t > _newestMs) _newestMs = t;
        for (int i = 0; i < Depth; i++)
        {
            ref Key k = ref _keys[i];
            if (!k.Used || _newestMs - k.TimeMs > windowMs || k.VenueTime != venueTime) continue;
            // With a venue time a copy carries the same time; without one, each copy has its own receive time.
            bool sameTime = venueTime ? k.TimeMs == t : Math.Abs(k.TimeMs - t) <= ReceiveToleranceMs;
            if (sameTime && k.Venue == e.Exchange && k.Side == e.Side && k.Price.Equals(e.Price) && k.Quantity.Equals(e.Quantity))
            {
                return true;
            }
        }
        ref Key slot = ref _keys[_next];
        slot.TimeMs = t;
        slot.VenueTime = venueTime;
        slot.Price = e.Price;
        slot.Quantity = e.Quantity;
        slot.Venue = e.Exchange;
        slot.Side = e.Side;
        slot.Used = true;
        _next = (_next + 1) % Depth;
        return false;
    }
}
