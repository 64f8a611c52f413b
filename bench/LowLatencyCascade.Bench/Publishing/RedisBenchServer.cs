using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LowLatencyCascade.Bench.Publishing;

/// <summary>
/// The Redis the Redis benchmarks publish to: <c>CASCADE_BENCH_REDIS=host:port</c> when set, otherwise a private
/// <c>redis-server</c> on a free loopback port (no persistence), stopped with the benchmark.
/// </summary>
internal sealed class RedisBenchServer : IDisposable
{
    private readonly Process? _process;

    private RedisBenchServer(string endpoint, Process? process)
    {
        Endpoint = endpoint;
        _process = process;
    }

    public string Endpoint { get; }

    public static RedisBenchServer StartOrUseConfigured()
    {
        if (Environment.GetEnvironmentVariable("CASCADE_BENCH_REDIS") is { Length: > 0 } configured) return new RedisBenchServer(configured, null);
        string? server = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);
        if (server is null)
            throw new InvalidOperationException(
                "Redis benchmarks skipped: redis-server is not on PATH. Install it (`./run.sh test` does, Debian package redis-server) or set CASCADE_BENCH_REDIS=host:port.");

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0)) { listener.Start(); port = ((IPEndPoint)listener.LocalEndpoint).Port; }
        var psi = new ProcessStartInfo(server) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
            psi.ArgumentList.Add(arg);
        var process = Process.Start(psi)!;
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true) ready.TrySetResult(); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(15)))
        {
            process.Kill();
            throw new InvalidOperationException($"redis-server did not become ready on port {port}");
        }
        return new RedisBenchServer($"127.0.0.1:{port}", process);
    }

    public void Dispose()
    {
        if (_process is null) return;
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
