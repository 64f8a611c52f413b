using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LowLatencyCascade.Tests.Dashboard;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol (a WebSocket to one page target):
/// navigate, evaluate JavaScript that waits for the page to reach a state, take a screenshot.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string InstallHint = "Chromium was not found on PATH (looked for chromium, chromium-browser); `./run.sh test` installs it (Debian package chromium).";

    private readonly Process _process;
    private readonly string _profileDir;
    private readonly StringBuilder _stderr;
    private readonly ClientWebSocket _page = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, string profileDir, StringBuilder stderr)
    {
        _process = process;
        _profileDir = profileDir;
        _stderr = stderr;
    }

    public string BrowserLog
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public static string? FindExecutable()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (string name in new[] { "chromium", "chromium-browser" })
            {
                string candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public static async Task<HeadlessChromium> LaunchAsync(string executable, int width, int height, CancellationToken ct)
    {
        string profileDir = Directory.CreateTempSubdirectory("llc-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", $"--window-size={width},{height}", $"--user-data-dir={profileDir}",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
        }) start.ArgumentList.Add(arg);

        var stderr = new StringBuilder();
        var endpoint = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { endpoint.TrySetException(new InvalidOperationException("Chromium exited before opening DevTools.")); return; }
            lock (stderr) stderr.AppendLine(e.Data);
            const string marker = "DevTools listening on ";
            int at = e.Data.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) endpoint.TrySetResult(new Uri(e.Data[(at + marker.Length)..].Trim()));
        };
        process.OutputDataReceived += (_, _) => { };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var browser = new HeadlessChromium(process, profileDir, stderr);
        try
        {
            Uri browserEndpoint = await endpoint.Task.WaitAsync(ct);
            await browser.AttachToPageAsync(browserEndpoint, ct);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Navigates and returns once the new document has loaded. <c>Page.navigate</c> answers when the navigation
    /// commits, which on a busy machine can be before the new document exists, so this then asks the page itself
    /// (each question resolves on the page's load event) until the loaded document is the one asked for.
    /// </summary>
    public async Task NavigateAsync(Uri url, CancellationToken ct)
    {
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, ct);
        if (result.TryGetProperty("errorText", out var error)) throw new InvalidOperationException($"Navigation to {url} failed: {error.GetString()}");
        string target = url.GetLeftPart(UriPartial.Path);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            string? state;
            try
            {
                state = (await EvaluateAsync("""
                    new Promise(resolve => {
                      const done = () => resolve(location.href + '|' + document.readyState);
                      if (document.readyState === 'complete') done();
                      else { addEventListener('load', done, { once: true }); setTimeout(done, 250); }
                    })
                    """, ct)).GetString();
            }
            catch (InvalidOperationException)
            {
                continue; // the old document's context went away mid-question: ask the new one
            }
            if (state is not null && state.StartsWith(target, StringComparison.Ordinal) && state.EndsWith("|complete", StringComparison.Ordinal)) return;
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page, awaiting it when it is a promise, and returns its value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken ct)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["awaitPromise"] = true,
            ["returnByValue"] = true,
        }, ct);
        if (result.TryGetProperty("exceptionDetails", out var failure))
        {
            string text = failure.TryGetProperty("exception", out var ex) && ex.TryGetProperty("description", out var d) ? d.GetString()! : failure.ToString();
            throw new InvalidOperationException("Page script failed: " + text);
        }
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    public async Task<byte[]> ScreenshotPngAsync(CancellationToken ct)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, ct);
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        _page.Abort();
        await _receiving;
        _page.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _closing.Dispose();
        try
        {
            Directory.Delete(_profileDir, recursive: true);
        }
        catch (IOException)
        {
            // A renderer may still hold a file for a moment; the temp folder is cleaned by the OS later.
        }
    }

    private async Task AttachToPageAsync(Uri browserEndpoint, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{browserEndpoint.Authority}/") };
        using var targets = JsonDocument.Parse(await http.GetStringAsync("json/list", ct));
        string pageEndpoint = targets.RootElement.EnumerateArray()
            .First(t => t.GetProperty("type").GetString() == "page")
            .GetProperty("webSocketDebuggerUrl").GetString()!;
        _page.Options.KeepAliveInterval = TimeSpan.Zero;
        await _page.ConnectAsync(new Uri(pageEndpoint), ct);
        _receiving = ReceiveLoopAsync(_closing.Token);
        await SendAsync("Page.enable", new JsonObject(), ct);
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject parameters, CancellationToken ct)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        byte[] message = Encoding.UTF8.GetBytes(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
        await _page.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, ct);
        try
        {
            return await reply.Task.WaitAsync(ct);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _page.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                Dispatch(message.GetBuffer().AsSpan(0, (int)message.Length));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closing, or the browser went away: whoever still waits learns it below.
        }
        foreach (var waiting in _pending.Values) waiting.TrySetException(new InvalidOperationException("The DevTools connection closed.\n" + BrowserLog));
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        var root = doc.RootElement;
        if (!root.TryGetProperty("id", out var idElement) || !_pending.TryGetValue(idElement.GetInt32(), out var reply)) return; // an event
        if (root.TryGetProperty("error", out var error)) reply.TrySetException(new InvalidOperationException("DevTools: " + error));
        else reply.TrySetResult(root.GetProperty("result").Clone());
    }
}
