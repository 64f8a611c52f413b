using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Stages;

/// <summary>Which slots the model stages work on: valid market events of a symbol the model has state for.</summary>
internal static class StageInput
{
    public static bool IsModelled(ref MarketEvent e, int capacity) =>
        e.Kind is EventKind.Liquidation or EventKind.Trade or EventKind.BookTicker or EventKind.MarkPrice or EventKind.OpenInterest
        && (uint)e.SymbolId < (uint)capacity;
}
