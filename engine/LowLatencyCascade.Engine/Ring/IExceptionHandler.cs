namespace LowLatencyCascade.Engine.Ring;

/// <summary>What a stage does with exceptions from its handler. Called on the stage's thread.</summary>
public interface IExceptionHandler<T> where T : struct
{
    /// <summary>The handler threw on <paramref name="sequence"/>; the stage moves past it when this returns.</summary>
    void HandleEventException(Exception ex, long sequence, ref T evt);

    void HandleOnStartException(Exception ex);

    void HandleOnShutdownException(Exception ex);
}
