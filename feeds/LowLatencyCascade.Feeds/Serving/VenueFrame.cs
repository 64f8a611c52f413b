using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Serving;

/// <summary>One frame to play to a venue's clients: the exact bytes the venue sent and when they arrived locally.</summary>
public readonly record struct VenueFrame(Exchange Exchange, ReadOnlyMemory<byte> Frame, DateTime LocalTime);
