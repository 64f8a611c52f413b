using System.Text;
using LowLatencyCascade.Engine.Events;
using LowLatencyCascade.Engine.Publishing;
using Xunit;

namespace LowLatencyCascade.Tests.Publishing;

public class FileAndConsoleSinkTests
{
    [Fact]
    public void The_jsonl_sink_writes_one_signal_per_line_and_everything_by_dispose()
    {
        var symbols = SymbolTable.Of("BTCUSDT");
        string path = Path.Combine(Directory.CreateTempSubdirectory("cascade-jsonl-").FullName, "signals.jsonl");
        var encoder = new TestSignalEncoder(symbols);
        var expected = new List<string>();
        using (var sink = new JsonlFileSink(path, append: false))
        {
            using var runner = new SinkRunner(sink);
            runner.Start();
            var stage = new PublishStage(encoder, [runner]);
            for (int i = 0; i < 25; i++)
            {
                var slot = SignalSlots.Signal(0, SignalLevel.Alert, 0.6, SignalSlots.BaseTimeMs + i);
                expected.Add(Encoding.UTF8.GetString(new TestSignalEncoder(symbols).Encode(ref slot)));
                stage.OnEvent(ref slot, i, true);
            }
            runner.Dispose();
            Assert.Equal(25, sink.Stats.Delivered);
        }
        Assert.Equal(expected, File.ReadAllLines(path));
    }

    [Fact]
    public void The_console_sink_prints_time_symbol_level_and_probability()
    {
        var symbols = SymbolTable.Of("BTCUSDT", "ETHUSDT");
        var output = new StringWriter();
        var sink = new ConsoleSignalSink(symbols, output);
        var message = new SignalMessage("{}"u8, 1, SignalLevel.Critical, 0.75214, SignalSlots.BaseTimeMs + 123);
        sink.Write(in message);
        sink.Flush();
        Assert.Equal("2023-10-31 15:17:12.123Z ETHUSDT      CRITICAL p=0.7521" + Environment.NewLine, output.ToString());
        Assert.Equal(1, sink.Stats.Delivered);
    }
}
