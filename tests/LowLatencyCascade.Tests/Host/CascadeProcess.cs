using System.Diagnostics;
using System.Text;

namespace LowLatencyCascade.Tests.Host;

/// <summary>The real <c>cascade</c> executable (built beside the tests) run as a child process, as a user runs it.</summary>
internal sealed class CascadeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new(), _stderr = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _waiters = [];

    private CascadeProcess(Process process) => _process = process;

    public static CascadeProcess Start(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "cascade.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        var p = new CascadeProcess(new Process { StartInfo = start });
        p._process.OutputDataReceived += (_, e) => p.Append(p._stdout, e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Append(p._stderr, e.Data);
        p._process.Start();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    /// <summary>Runs to the end (or kills it after <paramref name="timeout"/>) and returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var p = Start(args);
        int code = await p.WaitForExitAsync(timeout);
        return (code, p.Stdout, p.Stderr);
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Stdout { get { lock (_stdout) return _stdout.ToString(); } }
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    private void Append(StringBuilder sb, string? line)
    {
        if (line is null) return;
        lock (sb) sb.AppendLine(line);
        lock (_waiters)
        {
            foreach (var (text, seen) in _waiters)
                if (line.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
        }
    }

    /// <summary>Completes when a line of output (stdout or stderr) contains <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters) _waiters.Add((text, seen));
        if (Stdout.Contains(text, StringComparison.Ordinal) || Stderr.Contains(text, StringComparison.Ordinal)) seen.TrySetResult();
        return seen.Task.WaitAsync(timeout);
    }

    /// <summary>Sends the signal (<c>kill -NAME</c>); <paramref name="times"/> &gt; 1 sends it that many times in one <c>kill</c>, microseconds apart.</summary>
    public void Signal(string name, int times = 1)
    {
        var start = new ProcessStartInfo("kill") { ArgumentList = { "-" + name }, UseShellExecute = false };
        for (int i = 0; i < times; i++) start.ArgumentList.Add(_process.Id.ToString());
        using var kill = Process.Start(start)!;
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cascade did not exit within {timeout}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        _process.WaitForExit(); // flushes the asynchronous output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
