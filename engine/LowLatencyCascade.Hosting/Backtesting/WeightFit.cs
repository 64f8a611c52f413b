using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// A fitted weight set: <see cref="Weights"/> for the scorer (non-negative, summing to 1) and the raw
/// logistic-regression coefficients, intercept and final mean log-loss they came from.
/// </summary>
public sealed record WeightFit(ScoringWeights Weights, IReadOnlyList<double> Coefficients, double Intercept, double LogLoss, int Samples);
