namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// A read-only stream that reads its source (a <see cref="System.IO.Compression.GZipStream"/> over a capture
/// file, say) on a thread of its own into a few fixed blocks, so that decompression runs beside the code that
/// consumes the bytes instead of in its path. The bytes come out exactly as the source gives them, in order.
/// <para>
/// Allocation-free once built: the blocks are made up front and handed back and forth. An exception the source
/// throws (corrupt gzip data) is rethrown, as the same exception, to the reader after the bytes read before it.
/// Disposing stops the thread and disposes the source. One reader thread.
/// </para>
/// </summary>
public sealed class ReadAheadStream : Stream
{
    private readonly Stream _source;
    private readonly byte[][] _blocks;
    private readonly int[] _lengths;
    private readonly SemaphoreSlim _filled = new(0);
    private readonly SemaphoreSlim _free;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private Exception? _failure;     // written by the fill thread before it releases _filled for the last time
    private int _readBlock = -1;     // block being read by the consumer; -1: none
    private int _readOffset;
    private bool _ended;
    private long _position;

    /// <param name="source">Read on the background thread only; disposed with this stream.</param>
    /// <param name="blockBytes">Size of each block.</param>
    /// <param name="blocks">Blocks in flight (at least 2: one being read, one being filled).</param>
    public ReadAheadStream(Stream source, string name, int blockBytes = 256 * 1024, int blocks = 4)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 2);
        _source = source;
        _blocks = new byte[blocks][];
        for (int i = 0; i < blocks; i++) _blocks[i] = new byte[blockBytes];
        _lengths = new int[blocks];
        _free = new SemaphoreSlim(blocks);
        _thread = new Thread(Fill) { IsBackground = true, Name = $"read-ahead {Path.GetFileName(name)}" };
        _thread.Start();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (destination.IsEmpty || _ended) return 0;
        while (true)
        {
            if (_readBlock >= 0)
            {
                int available = _lengths[_readBlock] - _readOffset;
                if (available > 0)
                {
                    int n = Math.Min(available, destination.Length);
                    _blocks[_readBlock].AsSpan(_readOffset, n).CopyTo(destination);
                    _readOffset += n;
                    _position += n;
                    return n;
                }
                _free.Release();
                _readBlock = (_readBlock + 1) % _blocks.Length;
            }
            else
            {
                _readBlock = 0;
            }
            _filled.Wait();
            _readOffset = 0;
            if (_lengths[_readBlock] == 0)
            {
                // The fill thread's last block: the end of the source, or the failure it met.
                _ended = true;
                _readBlock = -1;
                if (_failure is { } failure)
                {
                    _failure = null;
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }
                return 0;
            }
        }
    }

    private void Fill()
    {
        int block = 0;
        try
        {
            while (true)
            {
                _free.Wait();
                if (_stopping) return;
                // Fill the block as far as the source goes, so the consumer is woken once per block, not per read.
                int length = 0;
                byte[] target = _blocks[block];
                try
                {
                    while (length < target.Length)
                    {
                        int n = _source.Read(target, length, target.Length - length);
                        if (n == 0) break;
                        length += n;
                    }
                }
                catch (Exception ex)
                {
                    _failure = ex;   // the bytes before it still go out, then the failure
                }
                if (length == 0) break;   // this block becomes the end marker
                _lengths[block] = length;
                _filled.Release();
                block = (block + 1) % _blocks.Length;
                if (length < target.Length || _failure is not null)
                {
                    _free.Wait();   // a block for the end marker
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            _failure ??= ex;
        }
        // An empty block marks the end (and carries the failure, if any). The semaphore's release publishes the writes.
        _lengths[block] = 0;
        _filled.Release();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_stopping)
        {
            _stopping = true;
            _free.Release(_blocks.Length);
            _thread.Join();
            _source.Dispose();
            _filled.Dispose();
            _free.Dispose();
        }
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
