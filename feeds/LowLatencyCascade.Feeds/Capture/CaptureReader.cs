using System.IO.Compression;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// Reads one capture file (gzip, told by its magic bytes, or plain text) line by line into a reused buffer:
/// no allocation per line once the buffer has grown to the longest line. Bad input is reported as a
/// <see cref="CaptureIssue"/> (callback and <see cref="IssueCounts"/>) and reading goes on with the next good
/// line, or, with <see cref="CaptureReaderOptions.Strict"/>, stops with a <see cref="CaptureFormatException"/>.
/// A corrupt gzip stream cannot be resynchronized: the lines before the damage are read, the rest is lost
/// and reported once. A CR before the LF is tolerated (files edited on Windows).
/// </summary>
public sealed class CaptureReader : IDisposable
{
    private const int InitialBufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly CaptureReaderOptions _options;
    private readonly int[] _issueCounts = new int[CaptureIssueKinds.Count];
    private byte[] _buffer = new byte[InitialBufferBytes];
    private int _start;          // first byte of the unread line
    private int _end;            // end of valid data
    private int _scanned;        // bytes from _start already known to hold no newline
    private bool _endOfInput;
    private bool _discarding;    // inside an over-long line, skipping to its end
    private int _lineNumber;
    private long _lastTicks;

    public CaptureReader(Stream stream, string name, CaptureReaderOptions? options = null)
    {
        _stream = stream;
        Name = name;
        _options = options ?? new CaptureReaderOptions();
    }

    /// <summary>Opens a file, decompressing when it starts with the gzip magic bytes.</summary>
    public static CaptureReader Open(string path, CaptureReaderOptions? options = null)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        Stream stream = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
        if (options?.ReadAhead == true) stream = new ReadAheadStream(stream, path);
        return new CaptureReader(stream, path, options);
    }

    public string Name { get; }

    /// <summary>Decompressed bytes consumed so far.</summary>
    public long BytesRead { get; private set; }

    public int IssueCount { get; private set; }

    /// <summary>Issues so far, indexed by <see cref="CaptureIssueKind"/>.</summary>
    public ReadOnlySpan<int> IssueCounts => _issueCounts;

    /// <summary>The next good line, or false at the end of the file (or after a corrupt gzip stream).</summary>
    public bool TryRead(out CaptureRecord record)
    {
        while (TryNextLine(out ReadOnlySpan<byte> line, out int lineStart))
        {
            if (line.Length == 0)
            {
                record = new CaptureRecord(_lastTicks, ReadOnlyMemory<byte>.Empty, true, _lineNumber);
                return true;
            }
            if (!CaptureTimestamp.TryParse(line, out long ticks, out int consumed) || consumed >= line.Length || line[consumed] != (byte)' ')
            {
                Report(CaptureIssueKind.BadTimestamp, "line does not start with '<yyyy-MM-ddTHH:mm:ss.fffffffZ> ' (ISO-8601 UTC time, then a space)");
                continue;
            }
            _lastTicks = ticks;
            int frameStart = lineStart + consumed + 1;
            record = new CaptureRecord(ticks, _buffer.AsMemory(frameStart, line.Length - consumed - 1), false, _lineNumber);
            return true;
        }
        record = default;
        return false;
    }

    public void Dispose() => _stream.Dispose();

    private bool TryNextLine(out ReadOnlySpan<byte> line, out int lineStart)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int lineEnd = _start + _scanned + newline;
                lineStart = _start;
                _start = lineEnd + 1;
                _scanned = 0;
                _lineNumber++;
                if (_discarding)
                {
                    _discarding = false;
                    continue;
                }
                if (lineEnd - lineStart > _options.MaxLineBytes)
                {
                    Report(CaptureIssueKind.LineTooLong, $"line is longer than {_options.MaxLineBytes} bytes");
                    continue;
                }
                if (lineEnd > lineStart && _buffer[lineEnd - 1] == (byte)'\r') lineEnd--;
                line = _buffer.AsSpan(lineStart, lineEnd - lineStart);
                return true;
            }
            _scanned = _end - _start;

            if (_endOfInput)
            {
                if (_end > _start && !_discarding)
                {
                    _lineNumber++;
                    Report(CaptureIssueKind.TruncatedLine, $"file ends inside a line ({_end - _start} bytes without a final newline)");
                }
                _start = _end;
                _scanned = 0;
                line = default;
                lineStart = 0;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_discarding || _buffer.Length >= _options.MaxLineBytes)
            {
                if (!_discarding)
                {
                    Report(CaptureIssueKind.LineTooLong, $"line is longer than {_options.MaxLineBytes} bytes", _lineNumber + 1);
                    _discarding = true;
                }
                _end = 0;
                _scanned = 0;
            }
            else
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, Math.Max(_options.MaxLineBytes, InitialBufferBytes)));
            }
        }
        try
        {
            int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n == 0) _endOfInput = true;
            _end += n;
            BytesRead += n;
        }
        catch (InvalidDataException ex)
        {
            _endOfInput = true;
            _start = _end;
            _scanned = 0;
            Report(CaptureIssueKind.CorruptGzip, $"gzip data is corrupt after line {_lineNumber}; the rest of the file is skipped ({ex.Message})", _lineNumber + 1);
        }
    }

    private void Report(CaptureIssueKind kind, string message, int? line = null)
    {
        var issue = new CaptureIssue(Name, line ?? _lineNumber, kind, message);
        _issueCounts[(int)kind]++;
        IssueCount++;
        _options.OnIssue?.Invoke(issue);
        if (_options.Strict) throw new CaptureFormatException(issue);
    }
}
