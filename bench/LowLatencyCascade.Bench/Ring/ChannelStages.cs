using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LowLatencyCascade.Bench.Ring;

/// <summary>
/// The Channels twins' stages, written the way Channels are meant to be used: drain with TryRead, await
/// WaitToReadAsync only when empty; write with TryWrite, await WaitToWriteAsync only when full.
/// </summary>
public static class ChannelStages
{
    public const int Capacity = 1 << 16;

    public static Channel<long> CreateBounded(bool singleWriter) => Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        SingleWriter = singleWriter,
        FullMode = BoundedChannelFullMode.Wait,
        AllowSynchronousContinuations = false,
    });

    public static async ValueTask WriteAsync(ChannelWriter<long> writer, long value)
    {
        while (!writer.TryWrite(value))
        {
            if (!await writer.WaitToWriteAsync().ConfigureAwait(false)) throw new ChannelClosedException();
        }
    }

    /// <summary>Read everything, pass each value on to <paramref name="next"/> (if any), count it in <paramref name="consumed"/>.</summary>
    public static async Task ForwardAsync(ChannelReader<long> reader, ChannelWriter<long>? next, StrongBox<long> consumed)
    {
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out long value))
            {
                if (next is not null && !next.TryWrite(value)) await WriteAsync(next, value).ConfigureAwait(false);
                Volatile.Write(ref consumed.Value, consumed.Value + 1);
            }
        }
        next?.TryComplete();
    }

    /// <summary>The join: one value from each upstream channel per event, counted in <paramref name="consumed"/>.</summary>
    public static async Task JoinAsync(ChannelReader<long> fromA, ChannelReader<long> fromB, StrongBox<long> consumed)
    {
        while (true)
        {
            long b;
            while (!fromB.TryRead(out b))
            {
                if (!await fromB.WaitToReadAsync().ConfigureAwait(false)) return;
            }
            long a;
            while (!fromA.TryRead(out a))
            {
                if (!await fromA.WaitToReadAsync().ConfigureAwait(false)) return;
            }
            if (a != b) throw new InvalidOperationException($"the join got {a} from A and {b} from B");
            Volatile.Write(ref consumed.Value, consumed.Value + 1);
        }
    }
}
