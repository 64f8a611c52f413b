using LowLatencyCascade.Engine.Pipeline;
using System.Diagnostics;
using System.Text.Json;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Venues;

namespace LowLatencyCascade.Feeds.Binance;

/// <summary>
/// Binance publishes open interest only over REST (<c>GET /fapi/v1/openInterest?symbol=X</c>), so this polls it, one
/// symbol per <see cref="BinanceOpenInterestPollerOptions.Interval"/> in turn, and writes
/// <see cref="EventKind.OpenInterest"/> slots into the sink it is given (it is a producer of its own).
/// A failed request is counted and the next symbol is polled on schedule; nothing is thrown.
/// </summary>
public sealed class BinanceOpenInterestPoller
{
    private readonly HttpClient _http;
    private readonly SymbolTable _symbols;
    private readonly IMarketEventSink _sink;
    private readonly BinanceOpenInterestPollerOptions _options;
    private readonly Uri[] _requestUris;
    private readonly int[] _symbolIds;
    private readonly byte[] _body = new byte[4096];
    private long _polls;
    private long _failures;
    private int _next;

    public BinanceOpenInterestPoller(HttpClient http, SymbolTable symbols, IMarketEventSink sink, IReadOnlyList<string> symbolsToPoll,
        BinanceOpenInterestPollerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(symbolsToPoll);
        _http = http;
        _symbols = symbols;
        _sink = sink;
        _options = options ?? new BinanceOpenInterestPollerOptions();
        if (_options.Interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), _options.Interval, "Interval must be positive");
        _requestUris = new Uri[symbolsToPoll.Count];
        _symbolIds = new int[symbolsToPoll.Count];
        for (int i = 0; i < symbolsToPoll.Count; i++)
        {
            string symbol = symbolsToPoll[i].Trim().ToUpperInvariant();
            _symbolIds[i] = symbols.GetOrAdd(symbol);
            if (_symbolIds[i] < 0) throw new ArgumentException($"symbol '{symbol}' does not fit in the symbol table", nameof(symbolsToPoll));
            _requestUris[i] = new Uri(_options.BaseAddress, "/fapi/v1/openInterest?symbol=" + Uri.EscapeDataString(symbol));
        }
    }

    /// <summary>Requests sent so far.</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Requests that failed (network error, timeout, non-success status, unreadable body).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>The last failure's description, for the health report; null while none happened.</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Polls the symbols in turn until cancelled; returns normally on cancellation.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_requestUris.Length == 0) return;
        using var timer = new PeriodicTimer(_options.Interval);
        using var stop = timer.StopWhen(cancellationToken);
        try
        {
            do
            {
                await PollNextAsync(cancellationToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync().ConfigureAwait(false) && !cancellationToken.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Polls the next symbol in round-robin order; true when an open-interest slot was published.</summary>
    public async Task<bool> PollNextAsync(CancellationToken cancellationToken)
    {
        if (_requestUris.Length == 0) return false;
        int index = _next;
        _next = (index + 1) % _requestUris.Length;
        Interlocked.Increment(ref _polls);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            using var response = await _http.GetAsync(_requestUris[index], HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return Fail($"HTTP {(int)response.StatusCode} for {_requestUris[index]}");
            int length = await ReadBodyAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (length < 0) return Fail($"response body over {_body.Length} bytes for {_requestUris[index]}");
            long receiveTicks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
            long ingress = Stopwatch.GetTimestamp();
            if (!TryParse(_body.AsSpan(0, length), out double openInterest, out long timeMs))
            {
                return Fail($"unreadable open-interest body for {_requestUris[index]}");
            }
            ref MarketEvent slot = ref EventSlots.Begin(_sink, Exchange.Binance, new FrameContext(_options.ConnectionId, receiveTicks, ingress));
            slot.Kind = EventKind.OpenInterest;
            slot.SymbolId = _symbolIds[index];
            slot.OpenInterest = openInterest;
            slot.ExchangeTimeMs = timeMs;
            EventSlots.Commit(_sink, ref slot);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return Fail($"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task<int> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        int total = 0;
        while (true)
        {
            if (total == _body.Length) return -1;
            int n = await stream.ReadAsync(_body.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0) return total;
            total += n;
        }
    }

    /// <summary>Reads <c>{"openInterest":"10659.509","symbol":"BTCUSDT","time":1589437530011}</c> in any key order.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> body, out double openInterest, out long timeMs)
    {
        openInterest = 0;
        timeMs = 0;
        var oi = FieldStatus.Absent;
        try
        {
            var reader = new Utf8JsonReader(body, FrameJson.ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isOi = reader.ValueTextEquals("openInterest"u8);
                bool isTime = reader.ValueTextEquals("time"u8);
                reader.Read();
                var value = FrameJson.Scalar(ref reader);
                if (isOi) oi = FrameJson.Number(value, out openInterest);
                else if (isTime && FrameJson.Integer(value, out timeMs) == FieldStatus.Bad) return false;
            }
            return oi == FieldStatus.Ok && openInterest >= 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private bool Fail(string what)
    {
        Interlocked.Increment(ref _failures);
        LastFailure = what;
        return false;
    }
}
