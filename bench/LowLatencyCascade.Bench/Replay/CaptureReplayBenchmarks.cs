using BenchmarkDotNet.Attributes;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;
using LowLatencyCascade.Feeds.Simulation;

namespace LowLatencyCascade.Bench.Replay;

/// <summary>
/// Capture reading and merged replay throughput on a generated three-venue scenario (frames/s = frames
/// per operation / mean time). The consumer only sums frame lengths, so this measures the capture layer alone.
/// </summary>
[MemoryDiagnoser]
public class CaptureReplayBenchmarks
{
    private string _directory = "";
    private IReadOnlyList<string> _files = [];
    private readonly LengthSum _consumer = new();

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "llc-replay-bench-" + Environment.ProcessId);
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
        _files = ScenarioGenerator.GenerateToDirectory(_directory, new ScenarioOptions { Duration = TimeSpan.FromMinutes(2), Seed = 3 }).CaptureFiles;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public long ReadOneFile()
    {
        long bytes = 0;
        using var reader = CaptureReader.Open(_files[0]);
        while (reader.TryRead(out var record)) bytes += record.Frame.Length;
        return bytes;
    }

    [Benchmark]
    public long ReplayMergedVenues() => new CaptureReplayer([_directory]).Run(_consumer).Frames;

    private sealed class LengthSum : ICaptureFrameConsumer
    {
        public long Bytes;

        public void OnFrame(Exchange exchange, int connectionId, long receiveTimeTicks, ReadOnlySpan<byte> frame) => Bytes += frame.Length;

        public void OnDisconnect(Exchange exchange, int connectionId, long receiveTimeTicks) { }
    }
}
