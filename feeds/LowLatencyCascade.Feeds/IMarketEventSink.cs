using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds;

/// <summary>
/// Where a decoder puts the events it finds in a frame: straight into a claimed ring slot.
/// A decoder calls <see cref="Claim"/>, fills the slot (after <see cref="MarketEvent.ResetInput"/>), then
/// <see cref="Commit"/>; every claim is committed, even when the frame turns out bad (the slot is then
/// marked <see cref="EventKind.Rejected"/>), so the ring never has a hole.
/// </summary>
public interface IMarketEventSink
{
    ref MarketEvent Claim();
    void Commit();
}
