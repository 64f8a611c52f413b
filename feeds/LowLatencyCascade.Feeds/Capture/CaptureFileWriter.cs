using System.IO.Compression;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// Writes capture lines for one connection, synchronously, on the caller's thread: the file layer under
/// <see cref="CaptureWriter"/> (which feeds it from a background thread), used directly where the caller is
/// not latency sensitive (the scenario generator).
/// <para>
/// A line is <c>&lt;timestamp&gt; &lt;frame&gt;\n</c> (<see cref="CaptureTimestamp"/>), a disconnect is an empty line.
/// A frame that holds a CR or LF byte could not be read back as one line, so it is rejected and counted in
/// <see cref="FramesRejected"/> rather than escaped: escaping would break the byte-for-byte promise, and JSON
/// text frames from these venues never contain raw line breaks.
/// </para>
/// Each file is a complete gzip stream: rotation closes the current stream before opening the next.
/// </summary>
public sealed class CaptureFileWriter : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly CaptureFileOptions _options;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly List<string> _files = [];
    private int _buffered;
    private Stream? _file;
    private GZipStream? _gzip;
    private long _fileHour = long.MinValue;
    private long _lastTicks;
    private long _fileBytes;
    private long _unconfirmed;  // frames written since the last flush or close that reached the file

    public CaptureFileWriter(CaptureFileOptions options)
    {
        _options = options;
        System.IO.Directory.CreateDirectory(options.Directory);
    }

    public long FramesWritten { get; private set; }
    public long DisconnectsWritten { get; private set; }
    public long FramesRejected { get; private set; }

    /// <summary>Every file opened so far, in order; the last may still be open.</summary>
    public IReadOnlyList<string> Files => _files;

    public static bool ContainsLineBreak(ReadOnlySpan<byte> frame) => frame.IndexOfAny((byte)'\n', (byte)'\r') >= 0;

    /// <summary>Appends one frame; false (and counted) when it contains a line break.</summary>
    public bool TryWriteFrame(ReadOnlySpan<byte> frame, long receiveTimeTicks)
    {
        if (ContainsLineBreak(frame))
        {
            FramesRejected++;
            return false;
        }
        int lineLength = CaptureTimestamp.Length + 1 + frame.Length + 1;
        RotateIfDue(receiveTimeTicks, lineLength);
        _lastTicks = receiveTimeTicks;
        _fileBytes += lineLength;
        if (_buffered + lineLength > BufferSize) FlushBuffer();
        if (lineLength <= BufferSize)
        {
            Span<byte> line = _buffer.AsSpan(_buffered, lineLength);
            CaptureTimestamp.Format(receiveTimeTicks, line);
            line[CaptureTimestamp.Length] = (byte)' ';
            frame.CopyTo(line[(CaptureTimestamp.Length + 1)..]);
            line[^1] = (byte)'\n';
            _buffered += lineLength;
        }
        else
        {
            Span<byte> prefix = stackalloc byte[CaptureTimestamp.Length + 1];
            CaptureTimestamp.Format(receiveTimeTicks, prefix);
            prefix[^1] = (byte)' ';
            _gzip!.Write(prefix);
            _gzip.Write(frame);
            _gzip.WriteByte((byte)'\n');
        }
        FramesWritten++;
        _unconfirmed++;
        return true;
    }

    /// <summary>Appends the empty line that marks a lost connection (it carries no time of its own).</summary>
    public void WriteDisconnect()
    {
        if (_gzip is null) Open(_lastTicks != 0 ? _lastTicks : CaptureTimestamp.FromDateTime(DateTime.UtcNow));
        if (_buffered + 1 > BufferSize) FlushBuffer();
        _buffer[_buffered++] = (byte)'\n';
        _fileBytes++;
        DisconnectsWritten++;
    }

    /// <summary>Pushes everything written so far through the compressor to the file (a gzip sync flush).</summary>
    public void Flush()
    {
        if (_gzip is null) return;
        FlushBuffer();
        _gzip.Flush();
        _file!.Flush();
        _unconfirmed = 0;
    }

    /// <summary>
    /// Frames written since the last flush or close that reached the file: after a failed write they cannot be
    /// trusted to be on disk, so they are counted as lost with the file given up (<see cref="Abandon"/>).
    /// </summary>
    public long UnconfirmedFrames => _unconfirmed;

    /// <summary>Whether a file is open (written to since the last rotation, close or abandon).</summary>
    public bool IsOpen => _gzip is not null;

    public void Dispose() => Close();

    /// <summary>
    /// Gives up the current file after a write failed (a full disk, say): its handles are released without
    /// finishing the compressed stream (what reached the disk stays: a gzip stream cut short after its last
    /// confirmed flush, which the reader reads up to the cut and reports), buffered lines are discarded, and the
    /// next frame opens a new file.
    /// </summary>
    public void Abandon()
    {
        var gzip = _gzip;
        var file = _file;
        _gzip = null;
        _file = null;
        _buffered = 0;
        _fileBytes = 0;
        _unconfirmed = 0;
        // The file first: the compressor must not finish its stream there. Frames it took whose output never
        // reached the file left a hole, and a trailer after the hole would make the readable part before it corrupt.
        // Disposing the compressor afterwards fails to write (caught) and frees its native state.
        try { file?.Dispose(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException) { }
        try { gzip?.Dispose(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException) { }
        // A file the failure left empty (created, nothing reached it) is no capture: removed and not listed.
        if (file is not null && _files.Count > 0)
        {
            string path = _files[^1];
            try
            {
                if (File.Exists(path) && new FileInfo(path).Length == 0)
                {
                    File.Delete(path);
                    _files.RemoveAt(_files.Count - 1);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
        }
    }

    private void RotateIfDue(long ticks, int lineLength)
    {
        if (_gzip is not null)
        {
            bool newHour = _options.RotateHourly && ticks / TimeSpan.TicksPerHour != _fileHour;
            bool full = _options.MaxUncompressedBytes is long max && _fileBytes > 0 && _fileBytes + lineLength > max;
            if (!newHour && !full) return;
            Close();
        }
        Open(ticks);
    }

    private void Open(long ticks)
    {
        string path;
        int sequence = 0;
        do
        {
            path = Path.Combine(_options.Directory, CaptureFileName.Build(_options.Exchange, _options.Connection, ticks, sequence++));
        }
        while (File.Exists(path));
        _file = _options.OpenFile?.Invoke(path) ?? new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        _gzip = new GZipStream(_file, _options.CompressionLevel, leaveOpen: false);
        _fileHour = ticks / TimeSpan.TicksPerHour;
        _fileBytes = 0;
        _files.Add(path);
    }

    private void FlushBuffer()
    {
        if (_buffered == 0) return;
        _gzip!.Write(_buffer, 0, _buffered);
        _buffered = 0;
    }

    private void Close()
    {
        if (_gzip is null) return;
        FlushBuffer();
        _gzip.Dispose();
        _gzip = null;
        _file = null;
        _unconfirmed = 0;
    }
}
