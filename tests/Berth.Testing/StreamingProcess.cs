using System.Diagnostics;
using System.Threading.Channels;

namespace Berth.Testing;

/// <summary>A long-running CLI process (logs -f, events, attach) whose output lines are read as they come.</summary>
public sealed class StreamingProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly System.Text.StringBuilder _stderr = new();

    private StreamingProcess(Process process)
    {
        _process = process;
    }

    public static StreamingProcess Start(BinaryCommand command, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string a in command.PrefixArguments.Concat(arguments))
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = psi };
        var result = new StreamingProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                result._stdout.Writer.TryComplete();
            }
            else
            {
                result._stdout.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (result._stderr)
            {
                result._stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The next stdout line, or null at end of output; throws TimeoutException after <paramref name="timeout"/>.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _stdout.Reader.WaitToReadAsync(cts.Token) && _stdout.Reader.TryRead(out string? line) ? line : null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no output line within {timeout}; stderr: {Stderr}");
        }
    }

    /// <summary>Reads lines until one matches, returning every line read (the match last).</summary>
    public async Task<List<string>> ReadUntilAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var lines = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            string? line = left > TimeSpan.Zero ? await ReadLineAsync(left) : throw new TimeoutException(
                $"no matching line within {timeout}; read: {string.Join(" | ", lines)}; stderr: {Stderr}");
            if (line is null)
            {
                throw new InvalidOperationException($"output ended without a matching line; read: {string.Join(" | ", lines)}; stderr: {Stderr}");
            }
            lines.Add(line);
            if (match(line))
            {
                return lines;
            }
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
