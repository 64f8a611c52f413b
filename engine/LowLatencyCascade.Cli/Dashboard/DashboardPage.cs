namespace LowLatencyCascade.Cli.Dashboard;

/// <summary>The dashboard page: one self-contained HTML file (CSS, JS, SVG charts inline; no CDN), embedded in the assembly.</summary>
internal static class DashboardPage
{
    private const string ResourceName = "LowLatencyCascade.Cli.Dashboard.dashboard.html";

    public static ReadOnlyMemory<byte> Html { get; } = Load();

    private static byte[] Load()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
