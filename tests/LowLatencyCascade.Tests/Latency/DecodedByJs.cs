namespace LowLatencyCascade.Tests.Latency;

/// <summary>What hdr-histogram-js's log reader decoded from project-written.hlog (TestData/hdr/decoded-by-js.json).</summary>
public sealed record DecodedByJs(IReadOnlyList<JsDecodedInterval> Intervals);

public sealed record JsDecodedInterval(
    string? Tag, double StartTimestampSec, double LengthSec, long Lowest, long Highest, int Digits,
    long TotalCount, long Min, long Max, double Mean, double StdDeviation, IReadOnlyList<ReferencePercentile> Percentiles);
