using System.Runtime.CompilerServices;
using System.Text;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>Frames held in memory, played in the order given (tests, synthetic scenarios).</summary>
public sealed class InMemoryVenueFrameSource : IVenueFrameSource
{
    private readonly List<VenueFrame> _frames = [];

    public int Count => _frames.Count;

    public InMemoryVenueFrameSource Add(Exchange exchange, ReadOnlyMemory<byte> frame, DateTime localTime)
    {
        if (_frames.Count > 0 && localTime < _frames[^1].LocalTime)
            throw new ArgumentException($"frames must be added in time order: {localTime:O} is before {_frames[^1].LocalTime:O}", nameof(localTime));
        _frames.Add(new VenueFrame(exchange, frame, localTime));
        return this;
    }

    public InMemoryVenueFrameSource Add(Exchange exchange, string frame, DateTime localTime) =>
        Add(exchange, Encoding.UTF8.GetBytes(frame), localTime);

    public async IAsyncEnumerable<VenueFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var frame in _frames)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return frame;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
