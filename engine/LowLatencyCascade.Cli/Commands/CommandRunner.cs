using LowLatencyCascade.Hosting.Configuration;
using LowLatencyCascade.Engine.Ring;
using LowLatencyCascade.Feeds.Capture;

namespace LowLatencyCascade.Cli.Commands;

/// <summary>Maps what a command throws to the CLI's exit codes and one clear line on stderr.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (ConfigurationErrorException ex)
        {
            Console.Error.WriteLine($"cascade: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (ThreadAffinityException ex)
        {
            Console.Error.WriteLine($"cascade: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (CaptureFormatException ex)
        {
            Console.Error.WriteLine($"cascade: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("cascade: cancelled");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"cascade: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"cascade: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Failure;
        }
    }
}
