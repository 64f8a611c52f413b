using System.Diagnostics.Tracing;

namespace LowLatencyCascade.Hosting.Harness;

/// <summary>
/// Finds what allocates inside a measured window: listens to the runtime's GC AllocationTick events (one about
/// every 100 KB allocated, naming the type of the object that crossed the threshold) and counts them per type
/// while <see cref="Active"/>. A sampling profile, good enough to name the culprit of a steady allocation. The
/// listener allocates for every event it receives, so a traced run's own allocation figure is not the pipeline's.
/// </summary>
public sealed class AllocationTracer : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;

    private readonly Dictionary<string, (long Ticks, long Bytes)> _byType = [];
    private readonly object _lock = new();

    /// <summary>Counting only while true (the measured window).</summary>
    public bool Active { get; set; }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource) EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!Active || eventData.EventId != AllocationTickEventId || eventData.PayloadNames is null) return;
        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        string type = typeIndex >= 0 ? eventData.Payload?[typeIndex] as string ?? "?" : "?";
        long bytes = amountIndex >= 0 && eventData.Payload?[amountIndex] is ulong amount ? (long)amount : 0;
        lock (_lock)
        {
            _byType.TryGetValue(type, out var seen);
            _byType[type] = (seen.Ticks + 1, seen.Bytes + bytes);
        }
    }

    /// <summary>Types by sampled bytes, largest first, and forgets them.</summary>
    public IReadOnlyList<(string Type, long Samples, long Bytes)> TakeTop(int count = 10)
    {
        lock (_lock)
        {
            var top = _byType.OrderByDescending(kv => kv.Value.Bytes).Take(count).Select(kv => (kv.Key, kv.Value.Ticks, kv.Value.Bytes)).ToList();
            _byType.Clear();
            return top;
        }
    }
}
