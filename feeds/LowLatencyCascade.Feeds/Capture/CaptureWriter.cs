using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>
/// Records one connection's frames to capture files off the hot path. A producer (the connection's receive
/// thread) copies each frame into a preallocated byte ring and returns at once; a background thread formats
/// the lines and compresses them (<see cref="CaptureFileWriter"/>). When the ring is full the frame is
/// dropped and counted in <see cref="FramesDropped"/>: recording must never slow the feed.
/// <para>
/// Producers serialize on a short uncontended lock (one writer per connection is the format's rule, so
/// there is normally one producer); the writer thread never takes it. An I/O failure on the writer thread
/// (a full disk) is kept in <see cref="Fault"/> and counted in <see cref="WriteFailures"/>, and the frames it could
/// not write are counted in <see cref="FramesLost"/>; the queue keeps draining so producers are never stuck. After
/// <see cref="CaptureWriterOptions.RetryInterval"/> the failed file is given up and a new one started, so recording
/// resumes by itself when the disk has room again.
/// </para>
/// </summary>
public sealed class CaptureWriter : IAsyncDisposable
{
    private const int HeaderBytes = 16;
    private const int DisconnectMarker = -1;
    private const int WrapMarker = -2;

    private readonly CaptureWriterOptions _options;
    private readonly byte[] _ring;
    private readonly int _mask;
    private readonly object _produceLock = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly ConcurrentQueue<(long Target, TaskCompletionSource Done)> _flushRequests = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CaptureFileWriter _file;
    private readonly Action _flush;
    private readonly Thread _thread;

    private long _head;          // written by producers (under the lock), read by the writer thread
    private long _tail;          // written by the writer thread, read by producers
    private int _writerSleeping;
    private volatile bool _stopRequested;
    private long _framesEnqueued;
    private long _framesDropped;
    private long _framesRejected;
    private long _framesLost;
    private long _disconnectsEnqueued;
    private long _writeFailures;
    private volatile bool _failing;  // written by the writer thread
    private long _failedAt;          // writer thread only
    private bool _resumePending;     // writer thread only: tell StateChanged when a write works again
    private string[] _files = [];

    public CaptureWriter(CaptureWriterOptions options)
    {
        _options = options;
        int size = 1 << 12;
        while (size < options.QueueBytes && size < (1 << 30)) size <<= 1;
        _ring = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        _mask = size - 1;
        _file = new CaptureFileWriter(options.File);
        _flush = _file.Flush;
        _thread = new Thread(WriterLoop) { IsBackground = true, Name = $"capture {options.File.Exchange}-{options.File.Connection}" };
        _thread.Start();
    }

    public long FramesEnqueued => Interlocked.Read(ref _framesEnqueued);
    /// <summary>Frames refused because the queue was full (or the frame was larger than half the queue).</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    /// <summary>Frames refused because they hold a CR or LF byte (see <see cref="CaptureFileWriter"/>).</summary>
    public long FramesRejected => Interlocked.Read(ref _framesRejected);
    /// <summary>
    /// Frames taken from the queue but not written because the file failed (<see cref="Fault"/>): those that came
    /// while it was failing, and those written to the failed file since its last confirmed flush.
    /// </summary>
    public long FramesLost => Interlocked.Read(ref _framesLost);
    public long DisconnectsEnqueued => Interlocked.Read(ref _disconnectsEnqueued);
    /// <summary>The last write failure (kept after recording resumed; see <see cref="IsFailing"/>).</summary>
    public Exception? Fault { get; private set; }
    /// <summary>Write failures, each followed by a wait of <see cref="CaptureWriterOptions.RetryInterval"/> with frames counted as lost.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);
    /// <summary>Whether the writer is waiting to retry after a failure (frames are being lost).</summary>
    public bool IsFailing => _failing;

    /// <summary>Files opened so far (a snapshot; the last may still be open until <see cref="DisposeAsync"/>).</summary>
    public IReadOnlyList<string> Files => Volatile.Read(ref _files);

    /// <summary>Queues one frame. Never blocks; false when the frame was dropped or rejected (both counted).</summary>
    public bool TryAppend(ReadOnlySpan<byte> frame, long receiveTimeTicks)
    {
        if (CaptureFileWriter.ContainsLineBreak(frame))
        {
            Interlocked.Increment(ref _framesRejected);
            return false;
        }
        int recordBytes = Align16(HeaderBytes + frame.Length);
        if (recordBytes > _ring.Length / 2 || _stopRequested)
        {
            Interlocked.Increment(ref _framesDropped);
            return false;
        }
        lock (_produceLock)
        {
            if (!TryReserve(recordBytes, out int position)) return false;
            Span<byte> record = _ring.AsSpan(position, recordBytes);
            MemoryMarshal.Write(record, frame.Length);
            MemoryMarshal.Write(record[8..], receiveTimeTicks);
            frame.CopyTo(record[HeaderBytes..]);
            Publish(recordBytes);
        }
        Interlocked.Increment(ref _framesEnqueued);
        WakeWriter();
        return true;
    }

    /// <summary>Queues a disconnect marker (an empty line). Never blocks; false when the queue was full.</summary>
    public bool TryAppendDisconnect()
    {
        if (_stopRequested) return false;
        lock (_produceLock)
        {
            if (!TryReserve(HeaderBytes, out int position)) return false;
            MemoryMarshal.Write(_ring.AsSpan(position), DisconnectMarker);
            Publish(HeaderBytes);
        }
        Interlocked.Increment(ref _disconnectsEnqueued);
        WakeWriter();
        return true;
    }

    /// <summary>Completes once everything queued before the call is in the file (gzip sync-flushed).</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_produceLock) _flushRequests.Enqueue((_head, done));
        _wake.Set();
        return done.Task;
    }

    /// <summary>Writes everything queued, closes the file (a complete gzip stream) and stops the thread.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopRequested = true;
        _wake.Set();
        await _stopped.Task.ConfigureAwait(false);
        _wake.Dispose();
    }

    // Reserve room for one record (plus a wrap marker when it would straddle the ring's end). Caller holds the lock.
    private bool TryReserve(int recordBytes, out int position)
    {
        long head = _head;
        long free = _ring.Length - (head - Volatile.Read(ref _tail));
        position = (int)(head & _mask);
        int toEnd = _ring.Length - position;
        long needed = recordBytes <= toEnd ? recordBytes : toEnd + recordBytes;
        if (needed > free)
        {
            Interlocked.Increment(ref _framesDropped);
            return false;
        }
        if (recordBytes > toEnd)
        {
            MemoryMarshal.Write(_ring.AsSpan(position), WrapMarker);
            _head = head + toEnd;
            position = 0;
        }
        return true;
    }

    // Full fence: the writer thread must see the record before it can see the new head, and the producer must
    // read _writerSleeping after publishing (a store-load pair that x86 would otherwise reorder).
    private void Publish(int recordBytes) => Interlocked.Exchange(ref _head, _head + recordBytes);

    private void WakeWriter()
    {
        if (Volatile.Read(ref _writerSleeping) != 0) _wake.Set();
    }

    private void WriterLoop()
    {
        long tail = 0;
        long lastFlush = Stopwatch.GetTimestamp();
        bool dirty = false;
        try
        {
            while (true)
            {
                long head = Volatile.Read(ref _head);
                if (tail != head)
                {
                    tail = Drain(tail, head);
                    Volatile.Write(ref _tail, tail);
                    dirty = true;
                }
                if (Stopwatch.GetElapsedTime(lastFlush) >= _options.FlushInterval && dirty)
                {
                    Guard(_flush);
                    lastFlush = Stopwatch.GetTimestamp();
                    dirty = false;
                }
                if (_flushRequests.TryPeek(out var request) && request.Target <= tail)
                {
                    Guard(_flush);
                    _flushRequests.TryDequeue(out _);
                    request.Done.TrySetResult();
                    continue;
                }
                if (tail != Volatile.Read(ref _head)) continue;
                if (_stopRequested) break;

                Volatile.Write(ref _writerSleeping, 1);
                Interlocked.MemoryBarrier();
                if (tail == Volatile.Read(ref _head) && !_stopRequested && _flushRequests.IsEmpty)
                {
                    _wake.Wait(_options.FlushInterval);
                }
                _wake.Reset();
                Volatile.Write(ref _writerSleeping, 0);
            }
            // Close the last file (a complete gzip stream); a file that failed, now or before, is given up instead.
            if (!_failing) Guard(_file.Dispose);
            if (_failing) _file.Abandon();
            UpdateFiles();
            while (_flushRequests.TryDequeue(out var request)) request.Done.TrySetResult();
            _stopped.TrySetResult();
        }
        catch (Exception ex)
        {
            Fault ??= ex;
            while (_flushRequests.TryDequeue(out var request)) request.Done.TrySetException(ex);
            _stopped.TrySetResult();
        }
    }

    private long Drain(long tail, long head)
    {
        while (tail != head)
        {
            int position = (int)(tail & _mask);
            int length = MemoryMarshal.Read<int>(_ring.AsSpan(position));
            if (length == WrapMarker)
            {
                tail += _ring.Length - position;
                continue;
            }
            if (length == DisconnectMarker)
            {
                Guard(_file.WriteDisconnect);
                tail += HeaderBytes;
                continue;
            }
            long ticks = MemoryMarshal.Read<long>(_ring.AsSpan(position + 8));
            if (Writable())
            {
                int fileCount = _file.Files.Count;
                try
                {
                    _file.TryWriteFrame(_ring.AsSpan(position + HeaderBytes, length), ticks);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    Fail(ex);
                }
                if (_file.Files.Count != fileCount) UpdateFiles();
            }
            if (_failing) Interlocked.Increment(ref _framesLost);
            tail += Align16(HeaderBytes + length);
        }
        return tail;
    }

    private void Guard(Action fileAction)
    {
        if (!Writable()) return;
        try
        {
            bool open = _file.IsOpen;
            fileAction();
            if (open && fileAction == _flush) Resumed();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Fail(ex);
        }
    }

    // Writer thread. While failing, nothing is written until the retry interval has passed; then the failed file is
    // given up and the next write opens a new one.
    private bool Writable()
    {
        if (!_failing) return true;
        if (Stopwatch.GetElapsedTime(_failedAt) < _options.RetryInterval) return false;
        _file.Abandon();
        UpdateFiles();
        _failing = false;
        _resumePending = true;
        return true;
    }

    private void Fail(Exception ex)
    {
        // Frames that went into this file since its last confirmed flush are given up with it: counted as lost
        // (at most: a compressed block of them may have reached the disk before the failure).
        Interlocked.Add(ref _framesLost, _file.UnconfirmedFrames);
        Fault = ex;
        _failing = true;
        _failedAt = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _writeFailures);
        // Told once per outage: a retry that fails again before a confirmed flush is counted, not told again.
        if (!_resumePending) Tell(ex);
    }

    // A flush that reached the file after a failure: recording really works again.
    private void Resumed()
    {
        if (!_resumePending) return;
        _resumePending = false;
        Tell(null);
    }

    private void Tell(Exception? ex)
    {
        try { _options.StateChanged?.Invoke(ex); }
        catch (Exception) { /* a listener's bug must not stop the recording */ }
    }

    private void UpdateFiles() => Volatile.Write(ref _files, [.. _file.Files]);

    private static int Align16(int n) => (n + 15) & ~15;
}
