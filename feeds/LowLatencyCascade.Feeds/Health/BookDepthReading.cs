using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Feeds.Health;

/// <summary>One venue's latest shallow book summary for a symbol, as the dashboard and <c>/metrics</c> show it.</summary>
/// <param name="TimeMs">Event time (Unix ms) of the book.</param>
/// <param name="Insufficient">The book has fewer than 5 levels on a side (an open insufficient-depth issue).</param>
public sealed record BookDepthReading(Exchange Exchange, string Symbol, BookDepth Depth, long TimeMs, bool Insufficient);
