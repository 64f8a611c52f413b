namespace LowLatencyCascade.Engine.Ring;

/// <summary>
/// One or more stages of a <see cref="StageGraph{T}"/> that later stages can follow: a stage just added, or
/// the join of several (<see cref="StageGraph{T}.After"/>).
/// </summary>
public sealed class StageGroup<T> where T : struct
{
    private readonly StageGraph<T> _graph;

    internal StageGroup(StageGraph<T> graph, Sequence[] sequences)
    {
        _graph = graph;
        Sequences = sequences;
    }

    internal StageGraph<T> Graph => _graph;

    /// <summary>The sequences of the stages in the group: what a following stage waits for.</summary>
    internal Sequence[] Sequences { get; }

    /// <summary>A stage that sees each slot only after every stage of this group has finished with it.</summary>
    public StageGroup<T> Then(StageOptions options, IEventHandler<T> handler, IExceptionHandler<T>? exceptionHandler = null) =>
        _graph.AddStage(options, handler, exceptionHandler, Sequences);
}
