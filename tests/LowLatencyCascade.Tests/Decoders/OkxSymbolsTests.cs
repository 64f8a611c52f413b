using LowLatencyCascade.Feeds.Okx;
using Xunit;

namespace LowLatencyCascade.Tests.Decoders;

public class OkxSymbolsTests
{
    [Theory]
    [InlineData("BTC-USDT-SWAP", "BTCUSDT")]
    [InlineData("1INCH-USDT-SWAP", "1INCHUSDT")]
    [InlineData("ETH-USDC-SWAP", "ETHUSDC")]
    public void Linear_swaps_map_to_canonical_symbols_and_back(string instId, string canonical)
    {
        Assert.Equal(canonical, OkxSymbols.ToCanonical(instId));
        Assert.Equal(instId, OkxSymbols.ToInstId(canonical));
    }

    [Theory]
    [InlineData("BTC-USD-SWAP", OkxInstrumentKind.OutOfScope)]
    [InlineData("BTC-USDT-250328", OkxInstrumentKind.OutOfScope)]
    [InlineData("BTC-USDT", OkxInstrumentKind.OutOfScope)]
    [InlineData("BTCUSDT", OkxInstrumentKind.Malformed)]
    [InlineData("-USDT-SWAP", OkxInstrumentKind.Malformed)]
    [InlineData("A-B-USDT-SWAP", OkxInstrumentKind.Malformed)]
    [InlineData("", OkxInstrumentKind.Malformed)]
    public void Other_instrument_ids_are_out_of_scope_or_malformed(string instId, OkxInstrumentKind kind)
    {
        Span<byte> buffer = stackalloc byte[32];
        Assert.Equal(kind, OkxSymbols.ToCanonical(System.Text.Encoding.UTF8.GetBytes(instId), buffer, out _));
        Assert.Null(OkxSymbols.ToCanonical(instId));
    }
}
