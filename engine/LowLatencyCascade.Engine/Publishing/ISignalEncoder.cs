using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>
/// Turns a scored slot into the spec's signal JSON. Called on the publish stage's thread for every generated
/// signal, so implementations encode into a buffer they own and reuse: the returned span is valid only until
/// the next call.
/// </summary>
public interface ISignalEncoder
{
    ReadOnlySpan<byte> Encode(ref MarketEvent slot);
}
