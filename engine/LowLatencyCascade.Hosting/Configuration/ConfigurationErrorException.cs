namespace LowLatencyCascade.Hosting.Configuration;

/// <summary>Invalid configuration: each error names its key and the reason. The CLI exits with code 2.</summary>
public sealed class ConfigurationErrorException(IReadOnlyList<string> errors)
    : Exception("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
