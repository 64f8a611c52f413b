using LowLatencyCascade.Engine.Model;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// Fits the six component weights by logistic regression (full-batch gradient descent with L2 on the
/// coefficients, not the intercept) on the raw component scores, which already lie in [0, 1]: so a
/// coefficient compares directly with the weight the scorer multiplies the same score by. Classes are
/// weighted to equal total weight, since cascade moments are rare.
/// <para>
/// The scorer's probability is a weighted sum, so a component can only add to it: negative coefficients
/// (a component that speaks against a cascade) are clipped to 0, and the rest normalized to sum to 1. When
/// no coefficient is positive there is nothing to learn from the samples and the fit throws.
/// </para>
/// </summary>
public sealed class LogisticWeightFitter
{
    public double LearningRate { get; init; } = 1.0;
    public int Iterations { get; init; } = 3000;
    public double L2 { get; init; } = 1e-3;

    public WeightFit Fit(IReadOnlyList<WeightSample> samples)
    {
        const int n = ScoringWeights.Count;
        if (samples.Count == 0) throw new ArgumentException("no samples", nameof(samples));
        int positives = samples.Count(s => s.InCascade);
        if (positives == 0 || positives == samples.Count)
        {
            throw new ArgumentException($"need samples of both classes (got {positives} in cascade out of {samples.Count})", nameof(samples));
        }
        foreach (var s in samples)
        {
            if (s.Scores.Length != n) throw new ArgumentException($"each sample needs {n} scores", nameof(samples));
        }
        double positiveWeight = samples.Count / (2.0 * positives);
        double negativeWeight = samples.Count / (2.0 * (samples.Count - positives));

        var w = new double[n];
        double b = 0;
        var gradient = new double[n];
        double loss = 0;
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            Array.Clear(gradient);
            double gradientB = 0;
            loss = 0;
            foreach (var s in samples)
            {
                double z = b;
                for (int j = 0; j < n; j++) z += w[j] * s.Scores[j];
                double p = 1 / (1 + Math.Exp(-z));
                double y = s.InCascade ? 1 : 0;
                double weight = s.InCascade ? positiveWeight : negativeWeight;
                double error = weight * (p - y);
                for (int j = 0; j < n; j++) gradient[j] += error * s.Scores[j];
                gradientB += error;
                loss -= weight * (y * Math.Log(Math.Max(p, 1e-15)) + (1 - y) * Math.Log(Math.Max(1 - p, 1e-15)));
            }
            double scale = 1.0 / samples.Count;
            for (int j = 0; j < n; j++) w[j] -= LearningRate * (gradient[j] * scale + L2 * w[j]);
            b -= LearningRate * gradientB * scale;
            loss *= scale;
        }

        var clipped = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) { clipped[j] = Math.Max(0, w[j]); sum += clipped[j]; }
        if (sum <= 0) throw new InvalidOperationException("no component score is positively associated with cascades in these samples");
        for (int j = 0; j < n; j++) clipped[j] /= sum;
        return new WeightFit(ScoringWeights.FromSpan(clipped), w, b, loss, samples.Count);
    }
}
