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

    public void WriteState(BinaryWriter w)
    {
        StateIo.Tag(w, 0x44555046);
        w.Write(_next);
        w.Write(_newestMs);
        foreach (var k in _keys)
        {
            w.Write(k.TimeMs); w.Write(k.VenueTime); w.Write(k.Price); w.Write(k.Quantity);
            w.Write((byte)k.Venue); w.Write((byte)k.Side); w.Write(k.Used);
        }
    }

    public void ReadState(BinaryReader r)
    {
        StateIo.Tag(r, 0x44555046);
        int next = r.ReadInt32();
        if ((uint)next >= Depth) throw new InvalidDataException($"duplicate filter position {next} out of range");
        _next = next;
        _newestMs = r.ReadInt64();
        for (int i = 0; i < Depth; i++)
        {
            ref Key k = ref _keys[i];
            k.TimeMs = r.ReadInt64(); k.VenueTime = r.ReadBoolean(); k.Price = r.ReadDouble(); k.Quantity = r.ReadDouble();
            k.Venue = (Exchange)r.ReadByte(); k.Side = (Side)r.ReadByte(); k.Used = r.ReadBoolean();
        }
    }

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
