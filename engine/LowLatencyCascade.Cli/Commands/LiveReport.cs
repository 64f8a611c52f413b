using LowLatencyCascade.Hosting.Live;
using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using Spectre.Console;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>The summary printed when a live run or a recording stops: frames per connection, rejects by reason, signals, latency.</summary>
public static class LiveReport
{
    public static void Print(IAnsiConsole console, LiveResult r)
    {
        var f = r.Frames;
        console.WriteLine();
        console.MarkupLine($"[bold]frames[/] {f.Frames:N0} in {r.Elapsed.TotalSeconds:0.00} s: {f.EventFrames:N0} with events ({f.Events:N0} events), " +
            $"{f.Control:N0} control, {f.Rejected:N0} rejected; {r.DuplicateFrames:N0} redundant copies, {r.Duplicates:N0} duplicate liquidations counted once; {r.Gaps:N0} disconnect gaps");
        PrintRejected(console, f);
        console.Write(ConnectionTable(r.Connections));
        foreach (var c in r.Connections.Where(c => c.Drops > 0 || c.StaleStreamResets > 0 || c.SubscribeRefusals > 0))
            console.MarkupLine($"[yellow]{Markup.Escape(c.Name)}[/]: {c.Drops:N0} drops ({c.StaleStreamResets:N0} for stale streams, {c.SubscribeRefusals:N0} refused subscribes), {c.Outages:N0} reconnected; " +
                $"blind {c.OutageTotal.TotalSeconds:0.000} s in all, slowest reconnection {c.OutageLongest.TotalSeconds:0.000} s");
        if (r.OkxInstrumentLoadFailures > 0) console.MarkupLine("[yellow]okx instruments[/]: the REST load failed; the built-in contract values were used");
        if (r.OpenInterestFailures > 0) console.MarkupLine($"[yellow]binance open interest[/]: {r.OpenInterestFailures:N0} of {r.OpenInterestPolls:N0} REST polls failed");
        if (r.CaptureFiles.Count > 0)
        {
            console.MarkupLine($"[bold]recorded[/] {r.CaptureFiles.Count} files ({r.FramesNotRecorded:N0} frames not recorded)");
            if (r.CaptureWriteFailures > 0)
                console.MarkupLine($"[yellow]capture[/]: {r.CaptureWriteFailures:N0} write failures (last: {Markup.Escape(r.CaptureLastError ?? "?")}); each file cut short there, recording went on in a new one");
            foreach (var file in r.CaptureFiles) console.MarkupLine($"  {Markup.Escape(file)}");
        }
        console.MarkupLine("[bold]signals by level[/] " + string.Join(", ",
            Enumerable.Range(0, r.SignalsByLevel.Length).Select(l => $"{SignalLevels.Name((SignalLevel)l)}={r.SignalsByLevel[l]:N0}")));
        foreach (var s in r.Sinks)
        {
            if (s.NotDelivered > 0) console.MarkupLine($"[yellow]sink {Markup.Escape(s.Name)}[/]: {s.NotDelivered:N0} not delivered (queue full {s.DroppedQueueFull:N0}, oversize {s.DroppedOversize:N0}, lost {s.Lost:N0}, errors {s.Errors:N0})");
        }
        console.MarkupLine($"[bold]memory[/] resident {ProcessMemory.Mib(r.Memory.ResidentBytes)} MiB at the end (peak {ProcessMemory.Mib(r.Memory.PeakResidentBytes)} MiB); " +
            $"{r.Gc.AllocatedBytes / 1048576.0:0.0} MiB allocated during the run; GCs gen0 {r.Gc.Gen0}, gen1 {r.Gc.Gen1}, gen2 {r.Gc.Gen2}");
        RunReport.PrintLatency(console, r.Latencies);
    }

    public static void PrintRejected(IAnsiConsole console, FrameCounters f)
    {
        if (f.Rejected == 0) return;
        var reasons = f.RejectedByReason();
        var parts = Enumerable.Range(0, reasons.Length).Where(i => reasons[i] > 0).Select(i => $"{RejectReasons.Name((RejectReason)i)}={reasons[i]:N0}");
        console.MarkupLine($"[bold]rejected by reason[/] {Markup.Escape(string.Join(", ", parts))}");
    }

    public static Table ConnectionTable(IReadOnlyList<ConnectionSummary> connections)
    {
        var table = new Table().Title("connections").Border(TableBorder.Rounded);
        table.AddColumns("connection", "frames", "events", "control", "rejected", "drops", "reconnect attempts");
        for (int c = 1; c < 7; c++) table.Columns[c].RightAligned();
        foreach (var c in connections)
            table.AddRow(c.Name, c.Frames.ToString("N0"), c.Events.ToString("N0"), c.Control.ToString("N0"), c.Rejected.ToString("N0"), c.Drops.ToString("N0"), c.ReconnectAttempts.ToString("N0"));
        return table;
    }
}
