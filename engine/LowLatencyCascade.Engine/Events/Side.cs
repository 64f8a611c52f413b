namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// For liquidations: the side whose positions were liquidated (a long liquidation is a forced SELL).
/// For trades: the taker side (Long = buyer-initiated, Short = seller-initiated).
/// </summary>
public enum Side : byte
{
    None = 0,
    Long = 1,
    Short = 2,
}
