namespace LowLatencyCascade.Feeds.Okx;

/// <summary>How an OKX instrument id relates to what this system trades on.</summary>
public enum OkxInstrumentKind : byte
{
    /// <summary>Not an OKX instrument id at all (no dashes, too long...).</summary>
    Malformed = 0,
    /// <summary>A USDT- or USDC-margined perpetual swap (<c>BTC-USDT-SWAP</c>): canonical <c>BTCUSDT</c>.</summary>
    LinearSwap = 1,
    /// <summary>A real instrument outside our scope: inverse swaps (<c>BTC-USD-SWAP</c>), dated futures, spot, options.</summary>
    OutOfScope = 2,
}
