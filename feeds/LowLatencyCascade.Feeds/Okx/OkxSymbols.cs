using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Okx;

/// <summary>
/// OKX instrument ids to canonical symbols and back: <c>BTC-USDT-SWAP</c> ↔ <c>BTCUSDT</c>. Only USDT- and
/// USDC-margined perpetual swaps map; their contracts are worth a fixed amount of the base coin, which is what the
/// rest of the system measures quantities in.
/// </summary>
public static class OkxSymbols
{
    private static ReadOnlySpan<byte> SwapSuffix => "-SWAP"u8;

    /// <summary>Writes the canonical symbol of a linear swap into <paramref name="destination"/> (at least <see cref="SymbolTable.MaxNameLength"/> bytes).</summary>
    public static OkxInstrumentKind ToCanonical(ReadOnlySpan<byte> instId, Span<byte> destination, out int length)
    {
        length = 0;
        if (instId.IsEmpty || instId.Length > SymbolTable.MaxNameLength + SwapSuffix.Length + 1) return OkxInstrumentKind.Malformed;
        int firstDash = instId.IndexOf((byte)'-');
        if (firstDash <= 0) return OkxInstrumentKind.Malformed;
        if (!instId.EndsWith(SwapSuffix)) return OkxInstrumentKind.OutOfScope;
        var pair = instId[..^SwapSuffix.Length];
        int dash = pair.LastIndexOf((byte)'-');
        if (dash <= 0 || dash != pair.IndexOf((byte)'-')) return OkxInstrumentKind.Malformed;
        var baseCoin = pair[..dash];
        var quote = pair[(dash + 1)..];
        if (!quote.SequenceEqual("USDT"u8) && !quote.SequenceEqual("USDC"u8)) return OkxInstrumentKind.OutOfScope;
        if (baseCoin.Length + quote.Length > Math.Min(destination.Length, SymbolTable.MaxNameLength)) return OkxInstrumentKind.Malformed;
        baseCoin.CopyTo(destination);
        quote.CopyTo(destination[baseCoin.Length..]);
        length = baseCoin.Length + quote.Length;
        return OkxInstrumentKind.LinearSwap;
    }

    /// <summary>The canonical symbol of an instrument id, or null when it is not a linear swap (start-up and tests, not the hot path).</summary>
    public static string? ToCanonical(string instId)
    {
        Span<byte> utf8 = stackalloc byte[128];
        if (instId.Length > utf8.Length) return null;
        int n = System.Text.Encoding.UTF8.GetBytes(instId, utf8);
        Span<byte> canonical = stackalloc byte[SymbolTable.MaxNameLength];
        return ToCanonical(utf8[..n], canonical, out int length) == OkxInstrumentKind.LinearSwap
            ? System.Text.Encoding.UTF8.GetString(canonical[..length])
            : null;
    }

    /// <summary>The instrument id of a canonical linear symbol: <c>BTCUSDT</c> → <c>BTC-USDT-SWAP</c>.</summary>
    /// <exception cref="ArgumentException">The symbol is not quoted in USDT or USDC, so it has no linear OKX swap.</exception>
    public static string ToInstId(string canonical)
    {
        string s = canonical.Trim().ToUpperInvariant();
        foreach (string quote in (ReadOnlySpan<string>)["USDT", "USDC"])
        {
            if (s.Length > quote.Length && s.EndsWith(quote, StringComparison.Ordinal)) return $"{s[..^quote.Length]}-{quote}-SWAP";
        }
        throw new ArgumentException($"'{canonical}' is not a USDT- or USDC-quoted symbol; OKX linear swaps exist only for those", nameof(canonical));
    }
}
