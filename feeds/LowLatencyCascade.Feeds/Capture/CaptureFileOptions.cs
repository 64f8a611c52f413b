using System.IO.Compression;

namespace LowLatencyCascade.Feeds.Capture;

/// <summary>Where and how one connection's capture files are written.</summary>
public sealed record CaptureFileOptions
{
    /// <summary>Folder for the files; created when missing.</summary>
    public required string Directory { get; init; }

    /// <summary>Venue word that starts the file name (<c>binance</c>, <c>bybit</c>, <c>okx</c>): the replayer reads the venue from it.</summary>
    public required string Exchange { get; init; }

    /// <summary>Names the connection (<c>futures</c>, <c>0</c>, ...); no dashes needed, but allowed.</summary>
    public required string Connection { get; init; }

    /// <summary>
    /// Start a new file before a frame that would take the current one past this many line bytes (uncompressed:
    /// deterministic, unlike the compressor's output, which it flushes when it likes; JSON compresses about 10:1).
    /// A file always takes at least one frame. Null: no size limit.
    /// </summary>
    public long? MaxUncompressedBytes { get; init; }

    /// <summary>Start a new file when a frame's receive time enters a new UTC hour.</summary>
    public bool RotateHourly { get; init; }

    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Fastest;

    /// <summary>Opens a new capture file (tests: a disk that fills up); null: a <see cref="FileStream"/> created new.</summary>
    internal Func<string, Stream>? OpenFile { get; init; }
}
