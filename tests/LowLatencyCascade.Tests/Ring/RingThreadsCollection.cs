using Xunit;

namespace LowLatencyCascade.Tests.Ring;

/// <summary>
/// The ring tests that start stage and producer threads run one at a time: on a two-core machine several of
/// them at once would only slow each other down.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RingThreadsCollection
{
    public const string Name = "Ring threads";
}
