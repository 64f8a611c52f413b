using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;
using Spectre.Console;

namespace LowLatencyCascade.Cli.Hosting;

/// <summary>The summary printed at the end of a run: frames, rejects by reason, signals by level, latency per stage.</summary>
public static class RunReport
{
    public static void Print(IAnsiConsole console, ReplayResult r)
    {
        var f = r.Frames;
        console.WriteLine();
        console.MarkupLine($"[bold]frames[/] {f.Frames:N0} in {r.Elapsed.TotalSeconds:0.00} s ({(r.Elapsed.TotalSeconds > 0 ? f.Frames / r.Elapsed.TotalSeconds : 0):N0} frames/s): " +
            $"{f.EventFrames:N0} with events ({f.Events:N0} events), {f.Control:N0} control, {f.Rejected:N0} rejected; " +
            $"{r.Duplicates:N0} duplicate liquidations counted once; {r.Gaps:N0} disconnect gaps");
        if (f.Rejected > 0)
        {
            var reasons = f.RejectedByReason();
            var parts = Enumerable.Range(0, reasons.Length).Where(i => reasons[i] > 0).Select(i => $"{RejectReasons.Name((RejectReason)i)}={reasons[i]:N0}");
            console.MarkupLine($"[bold]rejected by reason[/] {Markup.Escape(string.Join(", ", parts))}");
        }
        foreach (var issue in r.Issues.Take(10)) console.MarkupLine($"[yellow]capture issue[/] {Markup.Escape(issue.ToString())}");
        if (r.Issues.Count > 10) console.MarkupLine($"[yellow]... {r.Issues.Count - 10} more capture issues[/]");
        console.MarkupLine("[bold]signals by level[/] " + string.Join(", ",
            Enumerable.Range(0, r.SignalsByLevel.Length).Select(l => $"{SignalLevels.Name((SignalLevel)l)}={r.SignalsByLevel[l]:N0}")));
        foreach (var s in r.Sinks)
        {
            if (s.NotDelivered > 0) console.MarkupLine($"[yellow]sink {Markup.Escape(s.Name)}[/]: {s.NotDelivered:N0} not delivered (queue full {s.DroppedQueueFull:N0}, oversize {s.DroppedOversize:N0}, lost {s.Lost:N0}, errors {s.Errors:N0})");
        }
        console.MarkupLine($"[bold]memory[/] {r.AllocatedBytes / 1024.0 / 1024.0:0.0} MiB allocated during the run (all threads, including start-up and sinks); GCs gen0 {r.Collections[0]}, gen1 {r.Collections[1]}, gen2 {r.Collections[2]}");
        console.Write(LatencyTable(r.Latencies));
    }

    public static Table LatencyTable(HdrHistogram[] latencies)
    {
        var table = new Table().Title("latency per stage (µs, HDR histograms)").Border(TableBorder.Rounded);
        table.AddColumns("stage", "count", "p50", "p90", "p99", "p99.9", "p99.99", "max");
        foreach (int c in new[] { 1, 2, 3, 4, 5, 6, 7 }) table.Columns[c].RightAligned();
        for (int i = 0; i < StageLatencies.Names.Length; i++)
        {
            var h = latencies[i];
            if (h.TotalCount == 0) { table.AddRow(StageLatencies.Names[i], "0", "", "", "", "", "", ""); continue; }
            table.AddRow(StageLatencies.Names[i], h.TotalCount.ToString("N0"), Us(h, 50), Us(h, 90), Us(h, 99), Us(h, 99.9), Us(h, 99.99), (h.GetMaxValue() / 1000.0).ToString("0.0"));
        }
        return table;
    }

    private static string Us(HdrHistogram h, double p) => (h.GetValueAtPercentile(p) / 1000.0).ToString("0.0");
}
