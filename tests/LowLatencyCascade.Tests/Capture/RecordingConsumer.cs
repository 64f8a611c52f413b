using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Feeds.Capture;

namespace LowLatencyCascade.Tests.Capture;

/// <summary>Keeps every replayed frame, disconnect and issue, in order.</summary>
public sealed class RecordingConsumer : ICaptureFrameConsumer
{
    public readonly record struct Item(Exchange Exchange, int ConnectionId, long Ticks, string? Frame);

    public List<Item> Items { get; } = [];
    public List<CaptureIssue> Issues { get; } = [];

    public void OnFrame(Exchange exchange, int connectionId, long receiveTimeTicks, ReadOnlySpan<byte> frame) =>
        Items.Add(new Item(exchange, connectionId, receiveTimeTicks, System.Text.Encoding.UTF8.GetString(frame)));

    public void OnDisconnect(Exchange exchange, int connectionId, long receiveTimeTicks) =>
        Items.Add(new Item(exchange, connectionId, receiveTimeTicks, null));

    public void OnIssue(CaptureIssue issue) => Issues.Add(issue);
}
