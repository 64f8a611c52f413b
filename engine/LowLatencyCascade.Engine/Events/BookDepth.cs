using System.Runtime.InteropServices;

namespace LowLatencyCascade.Engine.Events;

/// <summary>
/// What the model needs of a venue's shallow order book, carried in the slot of an <see cref="EventKind.Depth"/>
/// event: per side the number of price levels the venue sent (with a non-zero size) and the resting USD within
/// <see cref="NearBps"/> and <see cref="WideBps"/> of the mid. Blittable, 40 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct BookDepth
{
    /// <summary>The near band: 10 basis points either side of the mid.</summary>
    public const double NearBps = 10;

    /// <summary>The wide band: 50 basis points either side of the mid.</summary>
    public const double WideBps = 50;

    /// <summary>The plan's data-quality rule (P1.2): a side with fewer levels than this is "insufficient depth".</summary>
    public const int MinLevels = 5;

    public int BidLevels;
    public int AskLevels;
    /// <summary>Bid USD (price × base quantity) at prices within 10 bps below the mid.</summary>
    public double BidUsdNear;
    /// <summary>Ask USD within 10 bps above the mid.</summary>
    public double AskUsdNear;
    /// <summary>Bid USD within 50 bps below the mid.</summary>
    public double BidUsdWide;
    /// <summary>Ask USD within 50 bps above the mid.</summary>
    public double AskUsdWide;

    /// <summary>Both sides' USD within 10 bps: the depth near the touch the depth-drain measure follows.</summary>
    public readonly double NearUsd => BidUsdNear + AskUsdNear;

    /// <summary>Both sides' USD within 50 bps.</summary>
    public readonly double WideUsd => BidUsdWide + AskUsdWide;

    /// <summary>The fewer levels of the two sides.</summary>
    public readonly int MinSideLevels => Math.Min(BidLevels, AskLevels);
}
