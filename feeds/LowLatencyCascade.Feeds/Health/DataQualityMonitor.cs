using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Health;

/// <summary>
/// Checks best bid/ask per (exchange, symbol): a crossed book (CRITICAL), a spread over 5 % of mid (HIGH),
/// stale data (MEDIUM: the update was over 30 s old on arrival, or the symbol has not updated for 30 s), and from the
/// shallow books insufficient depth (MEDIUM: fewer than 5 levels on a side).
/// <para>
/// An issue is raised when a condition starts for a symbol, not on every tick while it lasts (a crossed book
/// for a minute is one issue, not thousands): it is counted per type, kept in a bounded history (oldest
/// dropped first) and passed to <see cref="IssueRaised"/>. The good path only compares numbers in
/// preallocated per-symbol state: no allocation. Raising an issue allocates its record (rare by design).
/// </para>
/// Single writer: call <see cref="OnBookTicker"/> and <see cref="CheckStale"/> from one thread (the ring stage);
/// the history and counters may be read from any thread.
/// </summary>
public sealed class DataQualityMonitor
{
    private const int TypeCount = 4;

    private readonly SymbolTable _symbols;
    private readonly int _symbolCapacity;
    private readonly long[] _lastUpdateMs;       // per (exchange, symbol); 0 = never seen
    private readonly byte[] _active;             // per (exchange, symbol): bit per issue type currently open
    private readonly long[] _counts = new long[TypeCount];
    private readonly BookDepth[] _depth;            // per (exchange, symbol): the latest book summary
    private readonly long[] _depthTimeMs;           // per (exchange, symbol); 0 = no book yet
    private readonly DataQualityIssue?[] _history;
    private int _historyNext;
    private int _historyCount;

    public DataQualityMonitor(SymbolTable symbols, DataQualityThresholds? thresholds = null)
    {
        _symbols = symbols;
        Thresholds = thresholds ?? new DataQualityThresholds();
        ArgumentOutOfRangeException.ThrowIfLessThan(Thresholds.HistoryCapacity, 1, nameof(thresholds));
        _symbolCapacity = symbols.Capacity;
        _lastUpdateMs = new long[ExchangeInfo.Count * _symbolCapacity];
        _active = new byte[ExchangeInfo.Count * _symbolCapacity];
        _depth = new BookDepth[ExchangeInfo.Count * _symbolCapacity];
        _depthTimeMs = new long[ExchangeInfo.Count * _symbolCapacity];
        _history = new DataQualityIssue?[Thresholds.HistoryCapacity];
    }

    public DataQualityThresholds Thresholds { get; }

    /// <summary>Called on the writer's thread for every issue raised; keep it short.</summary>
    public event Action<DataQualityIssue>? IssueRaised;

    public long Count(DataQualityIssueType type) => Interlocked.Read(ref _counts[(int)type]);

    public long TotalIssues => Count(DataQualityIssueType.CrossedBook) + Count(DataQualityIssueType.WideSpread) + Count(DataQualityIssueType.StaleData)
        + Count(DataQualityIssueType.InsufficientDepth);

    /// <summary>
    /// A venue's shallow book for a symbol (an <see cref="EventKind.Depth"/> slot): kept as the symbol's latest depth
    /// (the dashboard and <c>/metrics</c> read it) and checked: a side with fewer than <see cref="BookDepth.MinLevels"/>
    /// levels is insufficient depth (raised when it starts, cleared when the book has five again).
    /// </summary>
    public void OnDepth(Exchange exchange, int symbolId, in BookDepth depth, long timeMs)
    {
        if ((uint)symbolId >= (uint)_symbolCapacity) return;
        int key = (int)exchange * _symbolCapacity + symbolId;
        _depth[key] = depth;
        Volatile.Write(ref _depthTimeMs[key], timeMs == 0 ? 1 : timeMs);
        Track(key, DataQualityIssueType.InsufficientDepth, depth.MinSideLevels < Thresholds.MinDepthLevels, exchange, symbolId, timeMs,
            depth.BidLevels, depth.AskLevels, depth.MinSideLevels);
    }

    /// <summary>The latest book summary of every (exchange, symbol) that has had one, for the dashboard and <c>/metrics</c> (any thread; allocates).</summary>
    public IReadOnlyList<BookDepthReading> DepthReadings()
    {
        var list = new List<BookDepthReading>();
        int symbols = Math.Min(_symbols.Count, _symbolCapacity);
        for (int e = 0; e < ExchangeInfo.Count; e++)
        {
            for (int symbolId = 0; symbolId < symbols; symbolId++)
            {
                int key = e * _symbolCapacity + symbolId;
                long time = Volatile.Read(ref _depthTimeMs[key]);
                if (time == 0) continue;
                list.Add(new BookDepthReading((Exchange)e, _symbols.NameOf(symbolId), _depth[key], time,
                    (_active[key] & Bit(DataQualityIssueType.InsufficientDepth)) != 0));
            }
        }
        return list;
    }

    /// <summary>The most recent issues, oldest first.</summary>
    public IReadOnlyList<DataQualityIssue> RecentIssues()
    {
        lock (_history)
        {
            var list = new List<DataQualityIssue>(_historyCount);
            int start = (_historyNext - _historyCount + _history.Length) % _history.Length;
            for (int i = 0; i < _historyCount; i++) list.Add(_history[(start + i) % _history.Length]!);
            return list;
        }
    }

    /// <summary>A best bid/ask update: its exchange time and the local time it arrived (both Unix ms).</summary>
    public void OnBookTicker(Exchange exchange, int symbolId, double bid, double ask, long exchangeTimeMs, long receiveTimeMs)
    {
        if ((uint)symbolId >= (uint)_symbolCapacity) return;
        int key = (int)exchange * _symbolCapacity + symbolId;
        long eventTimeMs = exchangeTimeMs != 0 ? exchangeTimeMs : receiveTimeMs;
        _lastUpdateMs[key] = eventTimeMs;

        bool crossed = bid > 0 && ask > 0 && bid >= ask;
        Track(key, DataQualityIssueType.CrossedBook, crossed, exchange, symbolId, eventTimeMs, bid, ask, 0);

        double mid = (bid + ask) / 2;
        double spreadRatio = !crossed && bid > 0 && ask > 0 ? (ask - bid) / mid : 0;
        Track(key, DataQualityIssueType.WideSpread, spreadRatio > Thresholds.MaxSpreadRatio, exchange, symbolId, eventTimeMs, bid, ask, spreadRatio);

        long ageMs = exchangeTimeMs != 0 ? receiveTimeMs - exchangeTimeMs : 0;
        Track(key, DataQualityIssueType.StaleData, ageMs > Thresholds.StaleAfter.TotalMilliseconds, exchange, symbolId, eventTimeMs, bid, ask, ageMs);
    }

    /// <summary>Raises a stale issue for every symbol that has not updated for the stale threshold as of <paramref name="nowMs"/> (event time).</summary>
    public void CheckStale(long nowMs)
    {
        long limit = (long)Thresholds.StaleAfter.TotalMilliseconds;
        // Only the symbols the table holds so far: a scan of its whole capacity every second of event time showed
        // up in replay profiles.
        int symbols = Math.Min(_symbols.Count, _symbolCapacity);
        for (int e = 0; e < ExchangeInfo.Count; e++)
        {
            for (int symbolId = 0; symbolId < symbols; symbolId++)
            {
                int key = e * _symbolCapacity + symbolId;
                long last = _lastUpdateMs[key];
                if (last == 0 || nowMs - last <= limit || (_active[key] & Bit(DataQualityIssueType.StaleData)) != 0) continue;
                Track(key, DataQualityIssueType.StaleData, true, (Exchange)e, symbolId, nowMs, 0, 0, nowMs - last);
            }
        }
    }

    private void Track(int key, DataQualityIssueType type, bool bad, Exchange exchange, int symbolId, long timeMs, double bid, double ask, double measure)
    {
        byte bit = Bit(type);
        bool wasActive = (_active[key] & bit) != 0;
        if (bad == wasActive) return;
        if (!bad)
        {
            _active[key] &= (byte)~bit;
            return;
        }
        _active[key] |= bit;
        Raise(type, exchange, symbolId, timeMs, bid, ask, measure);
    }

    private void Raise(DataQualityIssueType type, Exchange exchange, int symbolId, long timeMs, double bid, double ask, double measure)
    {
        string symbol = _symbols.NameOf(symbolId);
        var issue = type switch
        {
            DataQualityIssueType.CrossedBook => new DataQualityIssue(type, IssueSeverity.Critical, exchange, symbol,
                $"crossed book: bid {bid} >= ask {ask}", timeMs),
            DataQualityIssueType.WideSpread => new DataQualityIssue(type, IssueSeverity.High, exchange, symbol,
                $"spread {measure:P2} of mid (bid {bid}, ask {ask}) is over {Thresholds.MaxSpreadRatio:P0}", timeMs),
            DataQualityIssueType.InsufficientDepth => new DataQualityIssue(type, IssueSeverity.Medium, exchange, symbol,
                $"insufficient depth: {bid:F0} bid and {ask:F0} ask levels, fewer than {Thresholds.MinDepthLevels}", timeMs),
            _ => new DataQualityIssue(type, IssueSeverity.Medium, exchange, symbol,
                $"data {measure / 1000:F1} s old, over the {Thresholds.StaleAfter.TotalSeconds:F0} s limit", timeMs),
        };
        Interlocked.Increment(ref _counts[(int)type]);
        lock (_history)
        {
            _history[_historyNext] = issue;
            _historyNext = (_historyNext + 1) % _history.Length;
            if (_historyCount < _history.Length) _historyCount++;
        }
        IssueRaised?.Invoke(issue);
    }

    private static byte Bit(DataQualityIssueType type) => (byte)(1 << (int)type);
}
