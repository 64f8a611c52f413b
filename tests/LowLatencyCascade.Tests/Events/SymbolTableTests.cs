using System.Text;
using LowLatencyCascade.Engine.Events;
using Xunit;

namespace LowLatencyCascade.Tests.Events;

public class SymbolTableTests
{
    [Fact]
    public void Ids_are_dense_and_stable_and_names_round_trip()
    {
        var t = SymbolTable.Of("BTCUSDT", "ETHUSDT");
        Assert.Equal(0, t.GetOrAdd("btcusdt"));
        Assert.Equal(1, t.GetOrAdd("ETHUSDT"u8));
        Assert.Equal(2, t.GetOrAdd("SOLUSDT"u8));
        Assert.Equal("SOLUSDT", t.NameOf(2));
        Assert.Equal("ETHUSDT", Encoding.UTF8.GetString(t.Utf8NameOf(1)));
        Assert.True(t.TryGet("ethusdt", out int id) && id == 1);
        Assert.False(t.TryGet("XRPUSDT"u8, out _));
    }

    [Fact]
    public void Full_table_and_overlong_names_return_minus_one()
    {
        var t = new SymbolTable(2);
        Assert.Equal(0, t.GetOrAdd("A"u8));
        Assert.Equal(1, t.GetOrAdd("B"u8));
        Assert.Equal(-1, t.GetOrAdd("C"u8));
        Assert.Equal(-1, t.GetOrAdd(new byte[SymbolTable.MaxNameLength + 1]));
    }

    [Fact]
    public void Lookup_of_a_known_symbol_allocates_nothing()
    {
        var t = SymbolTable.Of("BTCUSDT", "ETHUSDT", "SOLUSDT");
        t.TryGet("SOLUSDT"u8, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 10_000; i++) { t.TryGet("SOLUSDT"u8, out int id); sum += id; sum += t.GetOrAdd("ETHUSDT"u8); }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(30_000, sum);
    }

    [Fact]
    public void Concurrent_adds_give_each_name_exactly_one_id()
    {
        var t = new SymbolTable(512);
        var names = Enumerable.Range(0, 400).Select(i => Encoding.UTF8.GetBytes($"S{i}USDT")).ToArray();
        var ids = new int[4][];
        Parallel.For(0, 4, w => { ids[w] = names.Select(n => t.GetOrAdd(n)).ToArray(); });
        Assert.Equal(400, t.Count);
        for (int w = 1; w < 4; w++) Assert.Equal(ids[0], ids[w]);
        Assert.Equal(400, ids[0].Distinct().Count());
    }
}
