namespace Berth.Testing;

/// <summary>
/// A detached tmux session with a fixed window size running a host shell: a real terminal for
/// `run -it` tests. Keys go in with send-keys, the screen comes back with capture-pane.
/// Each session has its own tmux server socket (-L), so the tests never touch anyone else's tmux.
/// Disposing kills the session and its server (and with them everything it ran).
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    private static readonly BinaryCommand s_tmux = new("tmux", []);

    private TmuxSession(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public static async Task<TmuxSession> StartAsync(int columns, int rows, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var session = new TmuxSession("berth-it-" + Guid.NewGuid().ToString("N")[..8]);
        var args = new List<string> { "-L", session.Name, "new-session", "-d", "-s", session.Name, "-x", columns.ToString(), "-y", rows.ToString() };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is not null)
            {
                args.AddRange(["-e", $"{key}={value}"]);
            }
        }
        args.AddRange(["env", "PS1=$ ", "sh"]);
        (await ProcessRunner.RunAsync(s_tmux, args)).EnsureSuccess();
        // No status line: the pane is exactly the window size.
        (await ProcessRunner.RunAsync(s_tmux, ["-L", session.Name, "set-option", "-t", session.Name, "status", "off"])).EnsureSuccess();
        (await ProcessRunner.RunAsync(s_tmux, ["-L", session.Name, "resize-window", "-t", session.Name, "-x", columns.ToString(), "-y", rows.ToString()])).EnsureSuccess();
        return session;
    }

    /// <summary>Types a line of text followed by Enter.</summary>
    public async Task TypeLineAsync(string text)
    {
        (await ProcessRunner.RunAsync(s_tmux, ["-L", Name, "send-keys", "-t", Name, "-l", text])).EnsureSuccess();
        (await ProcessRunner.RunAsync(s_tmux, ["-L", Name, "send-keys", "-t", Name, "Enter"])).EnsureSuccess();
    }

    /// <summary>Sends tmux key names, e.g. "C-p", "C-q".</summary>
    public async Task SendKeysAsync(params string[] keys) =>
        (await ProcessRunner.RunAsync(s_tmux, new[] { "-L", Name, "send-keys", "-t", Name }.Concat(keys))).EnsureSuccess();

    public async Task ResizeAsync(int columns, int rows) =>
        (await ProcessRunner.RunAsync(s_tmux, ["-L", Name, "resize-window", "-t", Name, "-x", columns.ToString(), "-y", rows.ToString()])).EnsureSuccess();

    public async Task<string> CaptureAsync() =>
        (await ProcessRunner.RunAsync(s_tmux, ["-L", Name, "capture-pane", "-p", "-J", "-S", "-200", "-t", Name])).EnsureSuccess().Stdout;

    /// <summary>Polls the screen until <paramref name="predicate"/> holds; returns the screen.</summary>
    public async Task<string> WaitForScreenAsync(Func<string, bool> predicate, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        string screen = "";
        while (DateTime.UtcNow < deadline)
        {
            screen = await CaptureAsync();
            if (predicate(screen))
            {
                return screen;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"screen never showed {what ?? "the expected text"}; it shows:\n{screen}");
    }

    public async ValueTask DisposeAsync() =>
        await ProcessRunner.RunAsync(s_tmux, ["-L", Name, "kill-server"]);
}
