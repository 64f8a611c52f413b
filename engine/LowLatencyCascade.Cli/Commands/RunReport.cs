using LowLatencyCascade.Hosting;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Latency;
using LowLatencyCascade.Engine.Pipeline;
using System.Globalization;
using Spectre.Console;

namespace LowLatencyCascade.Cli.Commands;

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
        console.MarkupLine($"[bold]memory[/] resident {ProcessMemory.Mib(r.Memory.ResidentBytes)} MiB at the end (peak {ProcessMemory.Mib(r.Memory.PeakResidentBytes)} MiB); " +
            $"{r.AllocatedBytes / 1024.0 / 1024.0:0.0} MiB allocated during the run (all threads, including start-up and sinks); GCs gen0 {r.Collections[0]}, gen1 {r.Collections[1]}, gen2 {r.Collections[2]}");
        PrintLatency(console, r.Latencies);
    }

    /// <summary>Columns of the console tables (p99.99 and the mean are in <c>--report-json</c>).</summary>
    private static readonly double[] TablePercentiles = [50, 90, 99, 99.9];

    /// <summary>
    /// The latency report in two tables that fit 80 columns: first the pipeline's own cost (service time per stage),
    /// then what a slot spent waiting in the ring (backlog) and end to end, with a legend saying which is which.
    /// </summary>
    public static void PrintLatency(IAnsiConsole console, HdrHistogram[] latencies)
    {
        console.Write(LatencyTable("service time per stage (µs): the pipeline's own cost", latencies,
            [(StageLatencies.Decode, "decode"), (StageLatencies.Velocity, "velocity"), (StageLatencies.Volatility, "volatility"),
             (StageLatencies.Regime, "regime"), (StageLatencies.Scoring, "scoring"), (StageLatencies.Publish, "publish"),
             (StageLatencies.Service, "all stages")]));
        console.Write(LatencyTable("backlog and end to end (µs)", latencies,
            [(StageLatencies.Backlog, "backlog"), (StageLatencies.EndToEnd, "end to end")]));
        foreach (var line in Legend) console.WriteLine(line);
    }

    /// <summary>What the two tables mean, in lines under 80 columns.</summary>
    public static readonly string[] Legend =
    [
        "service time: from the moment a stage started on a slot to its end (decode:",
        "  the producer's decoding, with its wait for a free slot when the ring is",
        "  full; all stages: their sum along the slot's path).",
        "backlog: time a slot waited in the ring before a stage thread picked it up:",
        "  behind earlier slots when the producer runs ahead (a full-speed replay",
        "  keeps the ring full), or for a thread to wake. Load, not pipeline cost.",
        "end to end = decode + all stages + backlog (to publish for a signal).",
    ];

    public static Table LatencyTable(string title, HdrHistogram[] latencies, IReadOnlyList<(int Stage, string Label)> rows)
    {
        var table = new Table().Title(title).Border(TableBorder.Rounded);
        table.AddColumns("", "count", "p50", "p90", "p99", "p99.9", "max");
        for (int c = 1; c < 7; c++) table.Columns[c].RightAligned();
        foreach (var (stage, label) in rows)
        {
            var h = latencies[stage];
            if (h.TotalCount == 0) { table.AddRow(label, "0", "", "", "", "", ""); continue; }
            var cells = new List<string> { label, h.TotalCount.ToString("N0", CultureInfo.InvariantCulture) };
            foreach (double p in TablePercentiles) cells.Add(Us(h.GetValueAtPercentile(p)));
            cells.Add(Us(h.GetMaxValue()));
            table.AddRow([.. cells]);
        }
        return table;
    }

    /// <summary>Microseconds from nanoseconds, at most 8 characters below 100 s: 0.12, 12.3, 12,345.</summary>
    private static string Us(long nanos)
    {
        double us = nanos / 1000.0;
        return us switch
        {
            < 10 => us.ToString("0.00", CultureInfo.InvariantCulture),
            < 10_000 => us.ToString("0.0", CultureInfo.InvariantCulture),
            _ => us.ToString("N0", CultureInfo.InvariantCulture),
        };
    }
}
