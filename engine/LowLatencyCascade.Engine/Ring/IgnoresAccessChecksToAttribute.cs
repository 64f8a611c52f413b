namespace System.Runtime.CompilerServices;

/// <summary>
/// Read by the runtime by name: an assembly carrying it may use the named assembly's non-public types.
/// Applied only to the dynamic assembly of <see cref="LowLatencyCascade.Engine.Ring.HandlerInvokers"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
