using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;

namespace LowLatencyCascade.Hosting.Live;

/// <summary>
/// The capture writers of a live session (<c>live --record DIR</c>, <c>cascade record DIR</c>): one per connection,
/// named <c>&lt;exchange&gt;-&lt;connection&gt;-&lt;time&gt;.ndjson.gz</c> (<see cref="CaptureFileName"/>) so that
/// <c>cascade replay DIR</c> reads the venue and the connection back from the names. Rotation follows
/// <c>Capture:RotateBytes</c> (uncompressed line bytes, which are deterministic) and <c>Capture:RotateHourly</c>.
/// <see cref="DisposeAsync"/> writes what is queued and closes every file as a complete gzip stream.
/// </summary>
public sealed class CaptureRecorder : IAsyncDisposable
{
    private readonly string _directory;
    private readonly CaptureSettings _settings;
    private readonly List<CaptureWriter> _writers = [];
    private readonly Action<string>? _log;
    private int _disposed;

    /// <param name="log">Told (one line, on a writer thread) when a connection's capture stops being written (a full
    /// disk, say) and when it resumes.</param>
    public CaptureRecorder(string directory, CaptureSettings settings, Action<string>? log = null)
    {
        _directory = Path.GetFullPath(directory);
        _settings = settings;
        _log = log;
        System.IO.Directory.CreateDirectory(_directory);
    }

    public string Directory => _directory;

    public IReadOnlyList<CaptureWriter> Writers => _writers;

    /// <summary>Every file written so far (the last of each connection stays open until <see cref="DisposeAsync"/>).</summary>
    public IReadOnlyList<string> Files => _writers.SelectMany(w => w.Files).ToList();

    public long FramesEnqueued => _writers.Sum(w => w.FramesEnqueued);

    /// <summary>Frames a writer could not take (queue full, line breaks in the frame, file failure): recording never slows the feed.</summary>
    public long FramesNotRecorded => _writers.Sum(w => w.FramesDropped + w.FramesRejected + w.FramesLost);

    /// <summary>Times a capture file could not be written (each followed by a retry on a new file).</summary>
    public long WriteFailures => _writers.Sum(w => w.WriteFailures);

    /// <summary>The last write failure's message, if any (no paths beyond the capture folder's, no secrets).</summary>
    public string? LastWriteError => _writers.Select(w => w.Fault?.Message).LastOrDefault(m => m is not null);

    /// <summary>A writer for one connection; <paramref name="connection"/> names it in the file names (no dashes).</summary>
    public CaptureWriter CreateWriter(Exchange exchange, string connection)
    {
        var writer = new CaptureWriter(new CaptureWriterOptions
        {
            File = new CaptureFileOptions
            {
                Directory = _directory,
                Exchange = ExchangeInfo.Name(exchange),
                Connection = connection,
                MaxUncompressedBytes = _settings.RotateBytes,
                RotateHourly = _settings.RotateHourly,
            },
            StateChanged = _log is not { } log ? null : ex => log(ex is null
                ? $"cascade: capture {ExchangeInfo.Name(exchange)}-{connection}: recording again (new file)"
                : $"cascade: capture {ExchangeInfo.Name(exchange)}-{connection}: write failed ({ex.Message}); frames are counted as not recorded, retrying on a new file in 5 s"),
        });
        _writers.Add(writer);
        return writer;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var writer in _writers) await writer.DisposeAsync().ConfigureAwait(false);
    }
}
