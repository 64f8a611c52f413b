using LowLatencyCascade.Feeds.Simulation;
using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Hosting.Backtesting;

namespace LowLatencyCascade.Hosting.Backtesting;

/// <summary>
/// One capture to backtest: its files (a folder, or the files named in one folder: one recording of the venues)
/// and its labels (<c>--labels</c>, else the folder's <see cref="CascadeLabelFile.DefaultFileName"/>).
/// </summary>
public sealed record CaptureSet(string Name, IReadOnlyList<string> Paths, IReadOnlyList<CascadeLabel> Labels)
{
    /// <summary>Groups the arguments by folder; each group is replayed on its own, so recordings of different days never interleave.</summary>
    public static IReadOnlyList<CaptureSet> From(IReadOnlyList<string> arguments, string? labelsFile, bool labelsRequired)
    {
        var sets = new List<CaptureSet>();
        foreach (var group in arguments.GroupBy(FolderOf, StringComparer.Ordinal))
        {
            string? labels = labelsFile ?? Path.Combine(group.Key, CascadeLabelFile.DefaultFileName);
            if (!File.Exists(labels))
            {
                if (labelsFile is not null) throw new FileNotFoundException($"--labels: file '{labelsFile}' does not exist");
                if (labelsRequired) throw new ConfigurationErrorException([$"--labels: none given and no {CascadeLabelFile.DefaultFileName} in '{group.Key}'"]);
                labels = null;
            }
            sets.Add(new CaptureSet(group.Key, [.. group], labels is null ? [] : CascadeLabelFile.Read(labels)));
        }
        return sets;
    }

    private static string FolderOf(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return full;
        if (File.Exists(full)) return Path.GetDirectoryName(full)!;
        throw new FileNotFoundException($"capture '{path}' does not exist");
    }
}
