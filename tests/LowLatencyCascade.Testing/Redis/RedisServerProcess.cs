using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LowLatencyCascade.Testing;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, in a temp directory, without persistence. Readiness is the
/// server's own "Ready to accept connections" line, awaited with a deadline. <see cref="Kill"/> and
/// <see cref="Restart"/> keep the port, so clients can reconnect to the same endpoint.
/// </summary>
public sealed class RedisServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly string _directory;
    private Process? _process;

    private readonly string[] _extraArguments;

    private RedisServerProcess(int port, string[] extraArguments)
    {
        Port = port;
        Endpoint = $"127.0.0.1:{port}";
        _extraArguments = extraArguments;
        _directory = Directory.CreateTempSubdirectory("cascade-redis-").FullName;
    }

    private RedisServerProcess(string endpoint)
    {
        Endpoint = endpoint;
        _extraArguments = [];
        _directory = "";
    }

    /// <summary>The port of a server started here (0 for one named by <see cref="StartOrUse"/>).</summary>
    public int Port { get; }
    public string Endpoint { get; }

    /// <summary>
    /// The benchmarks' Redis: the server named in environment variable <paramref name="variable"/> (<c>host:port</c>)
    /// when set, left running on dispose; otherwise a private server as <see cref="Start"/> makes.
    /// </summary>
    public static RedisServerProcess StartOrUse(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured ? new RedisServerProcess(configured) : Start();

    /// <summary>Starts a server; <paramref name="extraArguments"/> are passed on (e.g. <c>--requirepass</c>).</summary>
    public static RedisServerProcess Start(params string[] extraArguments)
    {
        var server = new RedisServerProcess(FreeLoopbackPort(), extraArguments);
        server.Launch();
        return server;
    }

    /// <summary>Path of a program on PATH, or a test failure saying how to get it.</summary>
    public static string Require(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException($"{program} is not on PATH: the Redis tests and benchmarks need a real Redis; `./run.sh test` installs it (Debian packages redis-server, redis-tools); benchmarks may name one with CASCADE_BENCH_REDIS=host:port instead.");
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Kills the server the hard way (no shutdown handshake), as a crash or an OOM kill would.</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open but nothing is answered, like a server stuck in a long command.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>Lets a paused server run again (SIGCONT).</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        if (_process is null) throw new InvalidOperationException("redis-server is not running");
        using var kill = Process.Start(new ProcessStartInfo(Require("kill")) { ArgumentList = { $"-{signal}", _process.Id.ToString() }, UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {_process.Id} failed with exit code {kill.ExitCode}");
    }

    /// <summary>Starts a new, empty server on the same port.</summary>
    public void Restart()
    {
        Kill();
        Launch();
    }

    private void Launch()
    {
        if (_directory.Length == 0) throw new InvalidOperationException($"Redis at {Endpoint} is not run by this process");
        var psi = new ProcessStartInfo(Require("redis-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--dir", _directory, "--daemonize", "no", "--protected-mode", "yes", "--loglevel", "notice" })
            psi.ArgumentList.Add(arg);
        foreach (var arg in _extraArguments) psi.ArgumentList.Add(arg);

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (log) log.AppendLine(e.Data);
            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited during start-up"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            ready.Task.Wait(StartTimeout);
        }
        catch (AggregateException)
        {
            // reported below with the server's own output
        }
        if (!ready.Task.IsCompletedSuccessfully)
        {
            string output;
            lock (log) output = log.ToString();
            Kill();
            throw new InvalidOperationException($"redis-server did not become ready on port {Port} within {StartTimeout.TotalSeconds} s:\n{output}");
        }
    }

    public void Dispose()
    {
        Kill();
        if (_directory.Length == 0) return;
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
