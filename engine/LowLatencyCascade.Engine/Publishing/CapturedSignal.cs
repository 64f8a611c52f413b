using System.Text;
using LowLatencyCascade.Engine.Events;

namespace LowLatencyCascade.Engine.Publishing;

/// <summary>A copy of one signal kept by <see cref="InMemorySignalSink"/>.</summary>
public sealed record CapturedSignal(byte[] Json, int SymbolId, SignalLevel Level, double Probability, long EventTimeMs)
{
    public string JsonText => Encoding.UTF8.GetString(Json);
}
