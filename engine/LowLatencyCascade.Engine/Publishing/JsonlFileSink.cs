namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Appends one signal JSON per line to a file through a buffered stream; the buffer is pushed to the OS at the
/// end of every drained batch and on dispose, so a crash loses at most the batch in progress.
/// </summary>
public sealed class JsonlFileSink : ISignalSink, IDisposable
{
    private readonly FileStream _stream;
    private long _delivered;

    public JsonlFileSink(string path, bool append = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        _stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024);
        FilePath = path;
    }

    public string Name => "jsonl";

    /// <summary>The file written to.</summary>
    public string FilePath { get; }

    /// <summary>A write that fails (disk full) throws; the runner counts it as an error, so nothing is lost silently.</summary>
    public SinkStats Stats => new(Volatile.Read(ref _delivered), 0);

    public void Write(in SignalMessage message)
    {
        _stream.Write(message.Json);
        _stream.WriteByte((byte)'\n');
        Volatile.Write(ref _delivered, _delivered + 1);
    }

    public void Flush() => _stream.Flush();

    public void Dispose()
    {
        _stream.Flush();
        _stream.Dispose();
    }
}
