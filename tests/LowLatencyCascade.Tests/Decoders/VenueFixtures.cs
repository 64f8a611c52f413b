using LowLatencyCascade.Feeds;
using LowLatencyCascade.Feeds.Binance;
using LowLatencyCascade.Feeds.Bybit;
using LowLatencyCascade.Feeds.Okx;

namespace LowLatencyCascade.Tests.Decoders;

/// <summary>
/// The venue fixtures under <c>TestData/venues/&lt;venue&gt;/</c>: frames written from each venue's documented examples
/// (see the README there for the page each was written from). Read from the test output folder, where the test
/// project copies <c>TestData/**</c>.
/// </summary>
internal static class VenueFixtures
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData", "venues");

    /// <summary>
    /// Contract values for the OKX instruments the fixtures use. These are the test's own figures (OKX's instrument
    /// list gives ctVal; the WebSocket docs do not): BTC-USDT-SWAP 0.01 BTC, BCH-USDT-SWAP 0.1 BCH, IOST-USDT-SWAP 1000 IOST.
    /// </summary>
    public static readonly OkxInstruments OkxInstruments = OkxInstruments.FromContractValues(new Dictionary<string, double>
    {
        ["BTCUSDT"] = 0.01,
        ["BCHUSDT"] = 0.1,
        ["IOSTUSDT"] = 1000,
    });

    /// <summary>REST bodies among the fixtures: they are not WebSocket frames and no frame decoder reads them.</summary>
    public static readonly string[] RestBodies = ["binance/openInterest.json"];

    /// <summary>The fixture's bytes as a frame: trailing whitespace (the file's final newline) removed.</summary>
    public static byte[] Frame(string venue, string file)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(Root, venue, file));
        int length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t') length--;
        return bytes[..length];
    }

    /// <summary>Every fixture file as (venue, file name), in a stable order.</summary>
    public static IEnumerable<(string Venue, string File)> All() =>
        Directory.EnumerateDirectories(Root)
            .OrderBy(d => d, StringComparer.Ordinal)
            .SelectMany(d => Directory.EnumerateFiles(d)
                .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => (Path.GetFileName(d), Path.GetFileName(f))));

    public static IVenueProtocol Protocol(string venue) => venue switch
    {
        "binance" => new BinanceProtocol(),
        "bybit" => new BybitProtocol(),
        "okx" => new OkxProtocol(OkxInstruments),
        _ => throw new ArgumentException($"no venue '{venue}'", nameof(venue)),
    };

    /// <summary>A decoder fixture for one venue (fresh decoder, fresh symbol table).</summary>
    public static DecoderFixture Decoder(string venue) => new(Protocol(venue));
}
