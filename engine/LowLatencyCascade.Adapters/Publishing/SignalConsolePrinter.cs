namespace LowLatencyCascade.Engine.Publishing;

/// <summary>What <c>cascade subscribe &lt;channel&gt;</c> does: prints one line per signal as it arrives.</summary>
public static class SignalConsolePrinter
{
    /// <summary>
    /// Runs until cancelled. Pass a <paramref name="subscriber"/> to watch its counters or await its
    /// <see cref="SignalSubscriber.Subscribed"/>; malformed messages are skipped and counted, for the
    /// caller through <see cref="SignalSubscriber.Malformed"/> and <see cref="SignalSubscriber.LastError"/>.
    /// </summary>
    public static Task RunAsync(string redisEndpoint, IReadOnlyList<string> channels, TextWriter output,
        CancellationToken cancellationToken, SignalSubscriber? subscriber = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        subscriber ??= new SignalSubscriber();
        return subscriber.SubscribeAsync(redisEndpoint, channels, async (channel, signal) =>
        {
            await output.WriteLineAsync($"{channel,-16} {SignalLine.Format(signal)}").ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }
}
