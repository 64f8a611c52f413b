using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Bench.Replay;

/// <summary>
/// Why capture reading keeps its own line reader instead of System.IO.Pipelines: the only byte-stream parsing in the
/// product is the capture file (<c>&lt;timestamp&gt; &lt;frame&gt;\n</c> lines; the live feeds receive whole WebSocket
/// messages, where a <c>PipeReader</c> has nothing to frame). Both rows read the same generated gzip capture
/// (Binance, 2 minutes) and parse each line's timestamp; per file read: time and bytes allocated. The pipe row copies a line
/// that spans two segments into a reused buffer, because the decoders need a contiguous frame.
/// <c>./run.sh bench PipeReaderCapture</c>.
/// </summary>
[MemoryDiagnoser]
public class PipeReaderCaptureComparisonBenchmarks
{
    private string _directory = "";
    private string _file = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "llc-pipe-bench-" + Environment.ProcessId);
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        _file = ScenarioGenerator.GenerateToDirectory(_directory, new ScenarioOptions { Duration = TimeSpan.FromMinutes(2), Seed = 3 }).CaptureFiles[0];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true)]
    public long CaptureReaderLines()
    {
        long bytes = 0;
        using var reader = CaptureReader.Open(_file);
        while (reader.TryRead(out var record)) bytes += record.Frame.Length;
        return bytes;
    }

    [Benchmark]
    public async Task<long> PipeReaderLines()
    {
        await using var file = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: false);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        var pipe = PipeReader.Create(gzip, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var joined = new byte[64 * 1024];
        long bytes = 0;
        while (true)
        {
            var result = await pipe.ReadAsync();
            var buffer = result.Buffer;
            while (TryReadLine(ref buffer, out var line))
            {
                ReadOnlySpan<byte> span;
                if (line.IsSingleSegment) span = line.FirstSpan;
                else
                {
                    if (line.Length > joined.Length) joined = new byte[(int)line.Length * 2];
                    line.CopyTo(joined);
                    span = joined.AsSpan(0, (int)line.Length);
                }
                if (span.Length == 0) continue;
                if (CaptureTimestamp.TryParse(span, out _, out int consumed)) bytes += span.Length - consumed - 1;
            }
            pipe.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) break;
        }
        await pipe.CompleteAsync();
        return bytes;
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (reader.TryReadTo(out line, (byte)'\n'))
        {
            buffer = buffer.Slice(reader.Position);
            return true;
        }
        return false;
    }
}
