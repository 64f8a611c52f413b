namespace LowLatencyCascade.Engine.Latency;

/// <summary>One step of a percentile iteration: a row of a .hgrm file.</summary>
/// <param name="ValueIteratedTo">Highest equivalent value of the slot the step stopped at.</param>
/// <param name="PercentileLevelIteratedTo">The percentile level the step was aiming for (the row's "Percentile").</param>
/// <param name="Percentile">The percentile actually reached at that slot.</param>
/// <param name="CountAtValueIteratedTo">Count in the slot the step stopped at.</param>
/// <param name="TotalCountToThisValue">Running count up to and including that slot (the row's "TotalCount").</param>
public readonly record struct HistogramIterationValue(
    long ValueIteratedTo,
    double PercentileLevelIteratedTo,
    double Percentile,
    long CountAtValueIteratedTo,
    long TotalCountToThisValue);
