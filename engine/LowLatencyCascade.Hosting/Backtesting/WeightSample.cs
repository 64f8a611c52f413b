using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// One training sample for <see cref="LogisticWeightFitter"/>: the six component scores (each in [0, 1], in
/// <see cref="ScoringWeights.Names"/> order) at one moment of one symbol, and whether that moment lies inside
/// a labelled cascade between its start and its peak (the part a warning is worth anything in).
/// </summary>
public sealed record WeightSample(double[] Scores, bool InCascade);
