using Xunit;

namespace LowLatencyCascade.Tests.Live;

/// <summary>
/// The live tests run one at a time: each runs a whole pipeline with its stage threads and a WebSocket server, and
/// the command tests redirect the process-wide <see cref="Console.Error"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveCollection
{
    public const string Name = "Live";
}
