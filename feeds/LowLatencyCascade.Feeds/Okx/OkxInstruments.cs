using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Okx;

/// <summary>
/// Contract values of OKX linear swaps (<c>ctVal</c>: base coin per contract; BTC-USDT-SWAP is 0.01 BTC), because OKX
/// sizes trades, liquidations, books and open interest in contracts. Loaded at start from
/// <c>GET /api/v5/public/instruments?instType=SWAP</c>; when that fails a built-in table of the main symbols keeps the
/// feed usable offline, and the failure is counted. Read-only once built, so decoders on any thread share it.
/// </summary>
public sealed class OkxInstruments
{
    public static Uri DefaultBaseAddress { get; } = new("https://www.okx.com");

    public const string InstrumentsPath = "/api/v5/public/instruments?instType=SWAP";

    /// <summary>
    /// Contract values of the busiest linear swaps as OKX lists them. Only a fallback: the instruments endpoint is
    /// the authority and overrides these whenever it answers.
    /// </summary>
    private static readonly KeyValuePair<string, double>[] BuiltInContractValues =
    [
        new("BTCUSDT", 0.01),
        new("ETHUSDT", 0.1),
        new("SOLUSDT", 1),
        new("DOGEUSDT", 1000),
        new("XRPUSDT", 100),
        new("LTCUSDT", 1),
        new("ADAUSDT", 100),
        new("BNBUSDT", 0.01),
        new("AVAXUSDT", 1),
        new("LINKUSDT", 1),
    ];

    private readonly Dictionary<string, double> _contractValues;
    private readonly Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private OkxInstruments(Dictionary<string, double> contractValues, bool fromExchange, int loadFailures, string? loadError)
    {
        _contractValues = contractValues;
        _lookup = contractValues.GetAlternateLookup<ReadOnlySpan<char>>();
        FromExchange = fromExchange;
        LoadFailures = loadFailures;
        LoadError = loadError;
    }

    /// <summary>The built-in table only (offline use, tests).</summary>
    public static OkxInstruments BuiltIn { get; } = FromContractValues(BuiltInContractValues);

    /// <summary>True when the contract values came from OKX's instruments endpoint.</summary>
    public bool FromExchange { get; }

    /// <summary>1 when loading from OKX failed and the built-in table is in use, else 0.</summary>
    public int LoadFailures { get; }

    /// <summary>Why loading failed; null when it did not.</summary>
    public string? LoadError { get; }

    public int Count => _contractValues.Count;

    /// <summary>A table from given contract values keyed by canonical symbol (tests, configuration).</summary>
    public static OkxInstruments FromContractValues(IEnumerable<KeyValuePair<string, double>> contractValues)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (symbol, value) in contractValues)
        {
            if (!(value > 0) || !double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(contractValues), value, $"contract value of {symbol} must be positive");
            values[symbol.ToUpperInvariant()] = value;
        }
        return new OkxInstruments(values, fromExchange: false, loadFailures: 0, loadError: null);
    }

    /// <summary>
    /// Loads the contract values of all live linear swaps; never throws for a network or payload problem: it then
    /// returns the built-in table with <see cref="LoadFailures"/> = 1 and the reason in <see cref="LoadError"/>.
    /// </summary>
    public static async Task<OkxInstruments> LoadAsync(HttpClient http, Uri? baseAddress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var uri = new Uri(baseAddress ?? DefaultBaseAddress, InstrumentsPath);
        string? error;
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var parsed = Parse(body, out error);
                if (parsed is not null)
                {
                    foreach (var (symbol, value) in BuiltInContractValues) parsed.TryAdd(symbol, value);
                    return new OkxInstruments(parsed, fromExchange: true, loadFailures: 0, loadError: null);
                }
            }
            else
            {
                error = $"HTTP {(int)response.StatusCode} from {uri}";
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = $"{e.GetType().Name}: {e.Message}";
        }
        var fallback = new Dictionary<string, double>(BuiltIn._contractValues, StringComparer.Ordinal);
        return new OkxInstruments(fallback, fromExchange: false, loadFailures: 1, loadError: error);
    }

    /// <summary>Contract value of a canonical symbol (UTF-8, e.g. <c>BTCUSDT</c>); allocation-free.</summary>
    public bool TryGetContractValue(ReadOnlySpan<byte> canonicalSymbol, out double contractValue)
    {
        if (canonicalSymbol.IsEmpty || canonicalSymbol.Length > SymbolTable.MaxNameLength) { contractValue = 0; return false; }
        Span<char> chars = stackalloc char[SymbolTable.MaxNameLength];
        for (int i = 0; i < canonicalSymbol.Length; i++) chars[i] = (char)canonicalSymbol[i];
        return _lookup.TryGetValue(chars[..canonicalSymbol.Length], out contractValue);
    }

    public bool TryGetContractValue(string canonicalSymbol, out double contractValue) =>
        _contractValues.TryGetValue(canonicalSymbol.ToUpperInvariant(), out contractValue);

    /// <summary>
    /// Reads <c>{"code":"0","data":[{"instId":"BTC-USDT-SWAP","ctVal":"0.01","ctType":"linear","state":"live",...}]}</c>;
    /// keeps linear swaps; null (with the reason) when the payload is not a successful instruments answer.
    /// </summary>
    internal static Dictionary<string, double>? Parse(ReadOnlySpan<byte> json, out string? error)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        Span<byte> canonical = stackalloc byte[SymbolTable.MaxNameLength];
        bool codeOk = false, sawData = false;
        try
        {
            var reader = new Utf8JsonReader(json, FrameJson.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) { error = "instruments answer is not a JSON object"; return null; }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isCode = reader.ValueTextEquals("code"u8);
                bool isData = reader.ValueTextEquals("data"u8);
                reader.Read();
                if (isCode) { codeOk = FrameJson.Scalar(ref reader).SequenceEqual("0"u8); continue; }
                if (!isData || reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); continue; }
                sawData = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadOnlySpan<byte> instId = default, ctVal = default, ctType = default;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        bool isInstId = reader.ValueTextEquals("instId"u8);
                        bool isCtVal = reader.ValueTextEquals("ctVal"u8);
                        bool isCtType = reader.ValueTextEquals("ctType"u8);
                        reader.Read();
                        var value = FrameJson.Scalar(ref reader);
                        if (isInstId) instId = value;
                        else if (isCtVal) ctVal = value;
                        else if (isCtType) ctType = value;
                    }
                    if (!ctType.IsEmpty && !ctType.SequenceEqual("linear"u8)) continue;
                    if (OkxSymbols.ToCanonical(instId, canonical, out int length) != OkxInstrumentKind.LinearSwap) continue;
                    if (FrameJson.Number(ctVal, out double contractValue) != FieldStatus.Ok || contractValue <= 0) continue;
                    values[System.Text.Encoding.UTF8.GetString(canonical[..length])] = contractValue;
                }
            }
        }
        catch (JsonException e)
        {
            error = "instruments answer is not valid JSON: " + e.Message;
            return null;
        }
        if (!codeOk) { error = "instruments answer has no \"code\":\"0\""; return null; }
        if (!sawData || values.Count == 0) { error = "instruments answer lists no linear swaps"; return null; }
        error = null;
        return values;
    }
}
