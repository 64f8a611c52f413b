using System.Globalization;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Okx;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// Exchange frames pre-encoded for the load generator: every frame's bytes back to back in one array, with its
/// offset, venue, connection and recorded receive time in parallel arrays, in the merged receive-time order a
/// replay would hand them over. Built once before any run, so the generator only slices spans: nothing it does
/// allocates. Each run replays from the first frame with a fresh model, so event time never goes backwards.
/// </summary>
public sealed class FrameCorpus
{
    private readonly byte[] _bytes;
    private readonly long[] _offsets; // Count + 1 entries: frame i is [_offsets[i], _offsets[i + 1])
    private readonly Exchange[] _exchanges;
    private readonly int[] _connections;
    private readonly long[] _receiveTicks;

    private FrameCorpus(byte[] bytes, long[] offsets, Exchange[] exchanges, int[] connections, long[] receiveTicks, int count, string source, OkxInstruments okx)
    {
        Okx = okx;
        _bytes = bytes;
        _offsets = offsets;
        _exchanges = exchanges;
        _connections = connections;
        _receiveTicks = receiveTicks;
        Count = count;
        Source = source;
    }

    public int Count { get; }

    /// <summary>Where the frames came from, for the report.</summary>
    public string Source { get; }

    /// <summary>The OKX contract values the frames were written with (the decoder needs them).</summary>
    public OkxInstruments Okx { get; }

    /// <summary>Frames per second of recorded (event) time: the market's own pace, from the first to the last receive time.</summary>
    public double FramesPerEventSecond =>
        Count > 1 && _receiveTicks[Count - 1] > _receiveTicks[0] ? Count / ((_receiveTicks[Count - 1] - _receiveTicks[0]) / (double)TimeSpan.TicksPerSecond) : 0;

    public long TotalBytes => _offsets[Count];

    /// <summary>Frames per venue, in <see cref="Exchange"/> order.</summary>
    public IReadOnlyDictionary<Exchange, int> FramesByVenue =>
        _exchanges.Take(Count).GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Distinct connections (one decoder each).</summary>
    public IReadOnlyList<(int Connection, Exchange Exchange)> Connections =>
        [.. Enumerable.Range(0, Count).Select(i => (_connections[i], _exchanges[i])).Distinct().OrderBy(c => c.Item1)];

    public ReadOnlySpan<byte> Frame(int index) => new(_bytes, (int)_offsets[index], (int)(_offsets[index + 1] - _offsets[index]));
    public Exchange ExchangeOf(int index) => _exchanges[index];
    public int ConnectionOf(int index) => _connections[index];
    public long ReceiveTicksOf(int index) => _receiveTicks[index];

    /// <summary>
    /// A synthetic market from <see cref="ScenarioGenerator"/>: liquidations, trades, book tickers, mark prices and
    /// open interest for <paramref name="symbols"/> on the three venues, long enough to hold at least
    /// <paramref name="minimumFrames"/> frames (event time runs far faster than wall time at these rates: about
    /// 8,000 frames per scenario minute with the default symbols).
    /// </summary>
    public static FrameCorpus FromScenario(int minimumFrames, IReadOnlyList<ScenarioSymbol> symbols, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumFrames, 1);
        string dir = Path.Combine(Path.GetTempPath(), $"cascade-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            // A first guess from the default density, then longer until there are enough frames.
            double minutes = Math.Max(1, minimumFrames / 6_000.0 * 9 / Math.Max(1, symbols.Count));
            while (true)
            {
                var result = ScenarioGenerator.GenerateToDirectory(dir, new ScenarioOptions
                {
                    Seed = seed,
                    Duration = TimeSpan.FromMinutes(minutes),
                    Symbols = symbols,
                    // One cascade episode every ten minutes or so: the model sees quiet markets and cascades.
                    CascadeEpisodes = Math.Max(1, (int)(minutes / 10)),
                });
                if (result.Frames >= minimumFrames)
                {
                    return FromCaptures(result.CaptureFiles,
                        OkxInstruments.FromContractValues(symbols.Select(s => KeyValuePair.Create(s.Symbol, s.OkxContractValue))),
                        string.Create(CultureInfo.InvariantCulture, $"synthetic scenario (seed {seed}, {minutes:0.#} min of market, {symbols.Count} symbols x 3 venues)"));
                }
                minutes *= 1.2 * minimumFrames / Math.Max(1, result.Frames);
                Directory.Delete(dir, recursive: true);
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The frames of capture files or folders (merged by receive time, as a replay does).</summary>
    /// <exception cref="CaptureFormatException">A capture holds no frame at all.</exception>
    public static FrameCorpus FromCaptures(IEnumerable<string> filesOrFolders, OkxInstruments? okx = null, string? source = null)
    {
        var paths = filesOrFolders.ToList();
        var builder = new Builder();
        new CaptureReplayer(paths).Run(builder);
        if (builder.Count == 0)
            throw new CaptureFormatException(new CaptureIssue(string.Join(", ", paths), 0, CaptureIssueKind.Unreadable, "no frames to replay"));
        return builder.Build(source ?? $"capture ({string.Join(", ", paths)})", okx ?? OkxInstruments.BuiltIn);
    }

    /// <summary>Collects the replayed frames; disconnect markers and bad lines carry no frame and are left out.</summary>
    private sealed class Builder : ICaptureFrameConsumer
    {
        private byte[] _bytes = new byte[1 << 20];
        private long[] _offsets = new long[1 << 14];
        private Exchange[] _exchanges = new Exchange[1 << 14];
        private int[] _connections = new int[1 << 14];
        private long[] _receiveTicks = new long[1 << 14];
        private long _length;

        public int Count { get; private set; }

        public void OnFrame(Exchange exchange, int connectionId, long receiveTimeTicks, ReadOnlySpan<byte> frame)
        {
            if (Count + 1 >= _offsets.Length)
            {
                int grown = _offsets.Length * 2;
                Array.Resize(ref _offsets, grown);
                Array.Resize(ref _exchanges, grown);
                Array.Resize(ref _connections, grown);
                Array.Resize(ref _receiveTicks, grown);
            }
            if (_length + frame.Length > _bytes.Length)
            {
                long grown = Math.Max(_bytes.LongLength * 2, _length + frame.Length);
                if (grown > Array.MaxLength) throw new InvalidOperationException($"the frames exceed {Array.MaxLength:N0} bytes: ask for fewer frames (a lower rate or fewer seconds)");
                Array.Resize(ref _bytes, (int)grown);
            }
            frame.CopyTo(_bytes.AsSpan((int)_length));
            _offsets[Count] = _length;
            _exchanges[Count] = exchange;
            _connections[Count] = connectionId;
            _receiveTicks[Count] = receiveTimeTicks;
            _length += frame.Length;
            Count++;
            _offsets[Count] = _length;
        }

        public void OnDisconnect(Exchange exchange, int connectionId, long receiveTimeTicks) { }

        public FrameCorpus Build(string source, OkxInstruments okx)
        {
            Array.Resize(ref _bytes, (int)_length);
            return new FrameCorpus(_bytes, _offsets, _exchanges, _connections, _receiveTicks, Count, source, okx);
        }
    }
}
