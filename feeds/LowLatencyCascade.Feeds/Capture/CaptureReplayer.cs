using System.Diagnostics;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// Replays capture files as one stream: a k-way merge of every file by local receive time (ties go to the
/// file listed first; within a file, lines keep their order even where their times step back), handed to an
/// <see cref="ICaptureFrameConsumer"/> on the calling thread. As fast as possible, or paced at N × real time
/// by the recorded times: long waits sleep, the last couple of milliseconds yield and spin, so a frame is
/// handed over within microseconds of its due time.
/// <para>
/// Inputs are files or folders (a folder contributes its <c>*.gz</c> and <c>*.ndjson</c> files, sorted by
/// name). Each file's venue comes from its name (<see cref="CaptureFileName"/>) or else its first frame
/// (<see cref="FrameShapeSniffer"/>); rotated files of one connection share a connection id.
/// </para>
/// </summary>
public sealed class CaptureReplayer
{
    private const int ProgressCheckEveryFrames = 256;

    private readonly IReadOnlyList<string> _files;
    private readonly CaptureReplayOptions _options;

    public CaptureReplayer(IEnumerable<string> filesOrFolders, CaptureReplayOptions? options = null)
    {
        _files = ExpandPaths(filesOrFolders);
        _options = options ?? new CaptureReplayOptions();
    }

    public IReadOnlyList<string> Files => _files;

    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> filesOrFolders)
    {
        var files = new List<string>();
        foreach (string path in filesOrFolders)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(path);
            }
        }
        return files;
    }

    public CaptureReplaySummary Run(ICaptureFrameConsumer consumer, CancellationToken cancellationToken = default)
    {
        var issues = new int[CaptureIssueKinds.Count];
        void OnIssue(CaptureIssue issue)
        {
            issues[(int)issue.Kind]++;
            consumer.OnIssue(issue);
            if (_options.Strict) throw new CaptureFormatException(issue);
        }
        var readerOptions = new CaptureReaderOptions { OnIssue = OnIssue, MaxLineBytes = _options.MaxLineBytes, ReadAhead = _options.ReadAhead && _files.Count <= _options.MaxReadAheadFiles };

        var sources = new List<CaptureSource>();
        var readers = new List<CaptureReader>();
        var heads = new List<CaptureRecord>();
        var connectionIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var queue = new PriorityQueue<int, MergeKey>(_files.Count, MergeKey.Comparer);
        long started = Stopwatch.GetTimestamp();
        long frames = 0, bytes = 0, disconnects = 0, firstTicks = 0, lastTicks = 0;
        bool cancelled = false;
        try
        {
            foreach (string path in _files)
            {
                CaptureReader reader;
                try
                {
                    reader = CaptureReader.Open(path, readerOptions);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    OnIssue(new CaptureIssue(path, 0, CaptureIssueKind.Unreadable, ex.Message));
                    continue;
                }
                if (!reader.TryRead(out CaptureRecord first))
                {
                    reader.Dispose();
                    continue;
                }
                if (!CaptureFileName.TryGetExchange(path, out Exchange exchange) && !TrySniff(first, out exchange))
                {
                    reader.Dispose();
                    OnIssue(new CaptureIssue(path, first.LineNumber, CaptureIssueKind.UnknownExchange,
                        "the file name does not start with binance/bybit/okx/okex and the frames do not show the venue"));
                    continue;
                }
                string key = CaptureFileName.ConnectionKey(path);
                if (!connectionIds.TryGetValue(key, out int connectionId))
                {
                    connectionId = connectionIds.Count;
                    connectionIds.Add(key, connectionId);
                }
                int index = readers.Count;
                sources.Add(new CaptureSource(path, exchange, connectionId));
                readers.Add(reader);
                heads.Add(first);
                queue.Enqueue(index, new MergeKey(first.ReceiveTimeTicks, index));
            }

            bool paced = _options.Speed > 0;
            double stopwatchTicksPerCaptureTick = Stopwatch.Frequency / (TimeSpan.TicksPerSecond * (paced ? _options.Speed : 1));
            long nextProgress = started + (long)(_options.ProgressInterval.TotalSeconds * Stopwatch.Frequency);
            bool firstFrame = true;

            while (queue.TryPeek(out int index, out _))
            {
                if (cancellationToken.IsCancellationRequested) { cancelled = true; break; }
                CaptureRecord record = heads[index];
                CaptureSource source = sources[index];
                if (record.ReceiveTimeTicks < _options.FromTicks)
                {
                    // Before the asked start (--warm-from's newest minutes): read past, not replayed or counted.
                    if (readers[index].TryRead(out CaptureRecord skipped)) { heads[index] = skipped; queue.DequeueEnqueue(index, new MergeKey(skipped.ReceiveTimeTicks, index)); }
                    else queue.Dequeue();
                    continue;
                }
                if (firstFrame)
                {
                    firstTicks = record.ReceiveTimeTicks;
                    firstFrame = false;
                }
                if (paced)
                {
                    long due = started + (long)((record.ReceiveTimeTicks - firstTicks) * stopwatchTicksPerCaptureTick);
                    if (!WaitUntil(due, cancellationToken)) { cancelled = true; break; }
                }

                lastTicks = record.ReceiveTimeTicks;
                if (record.IsDisconnect)
                {
                    disconnects++;
                    consumer.OnDisconnect(source.Exchange, source.ConnectionId, record.ReceiveTimeTicks);
                }
                else
                {
                    frames++;
                    bytes += record.Frame.Length;
                    consumer.OnFrame(source.Exchange, source.ConnectionId, record.ReceiveTimeTicks, record.Frame.Span);
                }

                if (readers[index].TryRead(out CaptureRecord next))
                {
                    heads[index] = next;
                    queue.DequeueEnqueue(index, new MergeKey(next.ReceiveTimeTicks, index));
                }
                else
                {
                    queue.Dequeue();
                }

                if (_options.Progress is not null && (frames & (ProgressCheckEveryFrames - 1)) == 0)
                {
                    long now = Stopwatch.GetTimestamp();
                    if (now >= nextProgress)
                    {
                        _options.Progress(Progress(frames, bytes, started, lastTicks, firstTicks, completed: false));
                        nextProgress = now + (long)(_options.ProgressInterval.TotalSeconds * Stopwatch.Frequency);
                    }
                }
            }
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
        }

        _options.Progress?.Invoke(Progress(frames, bytes, started, lastTicks, firstTicks, completed: !cancelled));
        var byKind = new SortedDictionary<CaptureIssueKind, int>();
        for (int k = 0; k < issues.Length; k++) if (issues[k] > 0) byKind[(CaptureIssueKind)k] = issues[k];
        return new CaptureReplaySummary(sources, frames, bytes, disconnects, byKind, Stopwatch.GetElapsedTime(started),
            firstTicks, lastTicks, cancelled);
    }

    private static CaptureReplayProgress Progress(long frames, long bytes, long started, long currentTicks, long firstTicks, bool completed)
    {
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        double rate = elapsed > TimeSpan.Zero ? frames / elapsed.TotalSeconds : 0;
        return new CaptureReplayProgress(frames, bytes, rate, elapsed, currentTicks, firstTicks, completed);
    }

    // A file named without a venue: look for the first non-empty frame (disconnect markers say nothing).
    private static bool TrySniff(CaptureRecord first, out Exchange exchange)
    {
        exchange = default;
        return !first.IsDisconnect && FrameShapeSniffer.TryIdentify(first.Frame.Span, out exchange);
    }

    /// <summary>Waits until the monotonic clock reaches <paramref name="due"/>; false when cancelled.</summary>
    private static bool WaitUntil(long due, CancellationToken cancellationToken)
    {
        long spinBelow = Stopwatch.Frequency / 5000;   // 200 µs: spin
        long yieldBelow = Stopwatch.Frequency / 500;   // 2 ms: yield; above: sleep most of the way
        while (true)
        {
            if (cancellationToken.IsCancellationRequested) return false;
            long remaining = due - Stopwatch.GetTimestamp();
            if (remaining <= 0) return true;
            if (remaining < spinBelow) Thread.SpinWait(20);
            else if (remaining < yieldBelow) Thread.Yield();
            else Thread.Sleep(TimeSpan.FromSeconds(Math.Min((double)(remaining - yieldBelow) / Stopwatch.Frequency, 0.1)));
        }
    }

    private readonly record struct MergeKey(long Ticks, int FileIndex)
    {
        public static readonly IComparer<MergeKey> Comparer = Comparer<MergeKey>.Create(static (a, b) =>
        {
            int c = a.Ticks.CompareTo(b.Ticks);
            return c != 0 ? c : a.FileIndex.CompareTo(b.FileIndex);
        });
    }
}
