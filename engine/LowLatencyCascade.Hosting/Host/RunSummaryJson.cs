using System.Text.Json;
using LowLatencyCascade.Hosting.Live;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;
using LowLatencyCascade.Engine.Publishing;

namespace LowLatencyCascade.Hosting;

/// <summary>
/// <c>--report-json FILE</c> of <c>live</c>, <c>replay</c> and <c>demo</c>: the end-of-run summary for tools. Frames
/// (rejects by reason), signals by level, sink drops, latency per stage in microseconds under <c>stages_us</c> with
/// the shape <c>bench e2e --json</c> uses (count, mean, p50, p90, p99, p99.9, p99.99, max; the stages are service
/// times, <c>service</c> their sum per slot, <c>backlog</c> the wait in the ring, <c>end_to_end</c> the total),
/// resident memory (at the end and peak) and GC counts.
/// </summary>
public static class RunSummaryJson
{
    private static readonly (string Name, double Percentile)[] Percentiles =
        [("p50", 50), ("p90", 90), ("p99", 99), ("p99.9", 99.9), ("p99.99", 99.99)];

    public static void Write(string path, string mode, ReplayResult r) => Write(path, json =>
    {
        json.WriteString("mode", mode);
        json.WriteNumber("elapsed_seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
        WriteFrames(json, r.Frames);
        json.WriteNumber("slots_published", r.PublishedSlots);
        json.WriteNumber("slots_observed", r.ObservedSlots);
        json.WriteNumber("duplicate_liquidations", r.Duplicates);
        json.WriteNumber("gaps", r.Gaps);
        json.WriteNumber("capture_issues", r.Issues.Count);
        json.WriteBoolean("stopped_early", r.Capture.Cancelled);
        WriteCommon(json, r.SignalsByLevel, r.Sinks, r.Latencies, new GcCounts(r.Collections[0], r.Collections[1], r.Collections[2], r.AllocatedBytes), r.Memory);
    });

    public static void Write(string path, LiveResult r) => Write(path, json =>
    {
        json.WriteString("mode", "live");
        json.WriteNumber("elapsed_seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
        WriteFrames(json, r.Frames);
        json.WriteNumber("slots_observed", r.Slots);
        json.WriteNumber("duplicate_liquidations", r.Duplicates);
        json.WriteNumber("duplicate_frames", r.DuplicateFrames);
        json.WriteNumber("gaps", r.Gaps);
        json.WriteStartArray("connections");
        foreach (var c in r.Connections)
        {
            json.WriteStartObject();
            json.WriteString("name", c.Name);
            json.WriteNumber("frames", c.Frames);
            json.WriteNumber("events", c.Events);
            json.WriteNumber("control", c.Control);
            json.WriteNumber("rejected", c.Rejected);
            json.WriteNumber("drops", c.Drops);
            json.WriteNumber("reconnect_attempts", c.ReconnectAttempts);
            json.WriteNumber("stale_stream_resets", c.StaleStreamResets);
            json.WriteNumber("subscribe_refusals", c.SubscribeRefusals);
            json.WriteNumber("outages", c.Outages);
            json.WriteNumber("outage_total_s", Math.Round(c.OutageTotal.TotalSeconds, 6));
            json.WriteNumber("outage_longest_s", Math.Round(c.OutageLongest.TotalSeconds, 6));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (r.CaptureFiles.Count > 0 || r.CaptureWriteFailures > 0)
        {
            json.WriteStartObject("capture");
            json.WriteNumber("files", r.CaptureFiles.Count);
            json.WriteNumber("frames_not_recorded", r.FramesNotRecorded);
            json.WriteNumber("write_failures", r.CaptureWriteFailures);
            if (r.CaptureLastError is { } error) json.WriteString("last_error", error);
            json.WriteEndObject();
        }
        WriteCommon(json, r.SignalsByLevel, r.Sinks, r.Latencies, r.Gc, r.Memory);
    });

    private static void Write(string path, Action<Utf8JsonWriter> body)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        body(json);
        json.WriteEndObject();
    }

    private static void WriteFrames(Utf8JsonWriter json, FrameCounters f)
    {
        json.WriteStartObject("frames");
        json.WriteNumber("total", f.Frames);
        json.WriteNumber("with_events", f.EventFrames);
        json.WriteNumber("events", f.Events);
        json.WriteNumber("control", f.Control);
        json.WriteNumber("rejected", f.Rejected);
        json.WriteStartObject("rejected_by_reason");
        var reasons = f.RejectedByReason();
        for (int i = 1; i < reasons.Length; i++)
        {
            if (reasons[i] > 0) json.WriteNumber(RejectReasons.Name((RejectReason)i), reasons[i]);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteCommon(Utf8JsonWriter json, long[] signalsByLevel, IReadOnlyList<SinkRunnerStats> sinks, HdrHistogram[] latencies,
        GcCounts gc, ProcessMemory memory)
    {
        json.WriteStartObject("signals_by_level");
        for (int l = 0; l < signalsByLevel.Length; l++) json.WriteNumber(SignalLevels.Name((SignalLevel)l), signalsByLevel[l]);
        json.WriteEndObject();
        json.WriteNumber("signals_total", signalsByLevel.Sum());
        json.WriteNumber("sink_drops_total", sinks.Sum(s => s.NotDelivered));
        json.WriteStartArray("sinks");
        foreach (var s in sinks)
        {
            json.WriteStartObject();
            json.WriteString("name", s.Name);
            json.WriteNumber("not_delivered", s.NotDelivered);
            json.WriteNumber("dropped_queue_full", s.DroppedQueueFull);
            json.WriteNumber("dropped_oversize", s.DroppedOversize);
            json.WriteNumber("lost", s.Lost);
            json.WriteNumber("errors", s.Errors);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("stages_us");
        for (int i = 0; i < StageLatencies.Names.Length; i++)
        {
            var h = latencies[i];
            json.WriteStartObject(StageLatencies.Names[i]);
            json.WriteNumber("count", h.TotalCount);
            json.WriteNumber("mean", h.TotalCount == 0 ? 0 : Math.Round(h.GetMean() / 1000.0, 3));
            foreach (var (name, p) in Percentiles) json.WriteNumber(name, h.TotalCount == 0 ? 0 : Math.Round(h.GetValueAtPercentile(p) / 1000.0, 3));
            json.WriteNumber("max", h.TotalCount == 0 ? 0 : Math.Round(h.GetMaxValue() / 1000.0, 3));
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteStartObject("memory");
        json.WriteNumber("resident_bytes", memory.ResidentBytes);
        json.WriteNumber("peak_resident_bytes", memory.PeakResidentBytes);
        json.WriteNumber("gc_heap_bytes", memory.GcHeapBytes);
        json.WriteNumber("allocated_bytes", gc.AllocatedBytes);
        json.WriteEndObject();
        json.WriteStartObject("gc");
        json.WriteNumber("gen0", gc.Gen0);
        json.WriteNumber("gen1", gc.Gen1);
        json.WriteNumber("gen2", gc.Gen2);
        json.WriteEndObject();
    }
}
