namespace LowLatencyCascade.Feeds.Bybit;

/// <summary>
/// The last known linear ticker of one symbol. Bybit sends a full snapshot, then deltas carrying only the fields
/// that changed, so the decoder merges each delta into this to publish complete values.
/// </summary>
internal struct BybitTickerState
{
    public double MarkPrice;
    public double FundingRate;
    /// <summary>In contracts, which for linear contracts are base units.</summary>
    public double OpenInterest;
    /// <summary>In USD (USDT/USDC).</summary>
    public double OpenInterestValue;
    public double BidPrice;
    public double BidQty;
    public double AskPrice;
    public double AskQty;
}
