using LowLatencyCascade.Engine.Model;
using LowLatencyCascade.Hosting.Backtesting;
using Xunit;

namespace LowLatencyCascade.Tests.Backtest;

public class LogisticWeightFitterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void The_informative_component_gets_the_biggest_weight_and_weights_sum_to_one(int informative)
    {
        var random = new Random(42);
        var samples = new List<WeightSample>();
        for (int i = 0; i < 2000; i++)
        {
            bool cascade = i % 4 == 0;
            var scores = new double[ScoringWeights.Count];
            for (int j = 0; j < scores.Length; j++) scores[j] = random.NextDouble();
            // Separable on the informative component; the others are noise.
            scores[informative] = cascade ? 0.6 + 0.4 * random.NextDouble() : 0.5 * random.NextDouble();
            samples.Add(new WeightSample(scores, cascade));
        }
        var fit = new LogisticWeightFitter().Fit(samples);

        var weights = Enumerable.Range(0, ScoringWeights.Count).Select(j => fit.Weights[j]).ToArray();
        Assert.Equal(informative, Array.IndexOf(weights, weights.Max()));
        Assert.Equal(1.0, weights.Sum(), 9);
        Assert.All(weights, w => Assert.True(w >= 0));
        var read = ScoringWeights.FromJson(fit.Weights.ToJson());
        Assert.Equal(weights, Enumerable.Range(0, ScoringWeights.Count).Select(j => read[j]));
        using var json = System.Text.Json.JsonDocument.Parse(fit.Weights.ToJson());
        Assert.Equal(ScoringWeights.Names, json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_component_that_speaks_against_cascades_is_clipped_to_zero()
    {
        var random = new Random(1);
        var samples = new List<WeightSample>();
        for (int i = 0; i < 1000; i++)
        {
            bool cascade = i % 2 == 0;
            var scores = new double[ScoringWeights.Count];
            for (int j = 0; j < scores.Length; j++) scores[j] = random.NextDouble();
            scores[0] = cascade ? 0.7 + 0.3 * random.NextDouble() : 0.3 * random.NextDouble();
            scores[4] = cascade ? 0.3 * random.NextDouble() : 0.7 + 0.3 * random.NextDouble();
            samples.Add(new WeightSample(scores, cascade));
        }
        var fit = new LogisticWeightFitter().Fit(samples);
        Assert.True(fit.Coefficients[4] < 0);
        Assert.Equal(0, fit.Weights.Funding);
    }
}
