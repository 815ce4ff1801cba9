using System.Diagnostics;
using System.Text;

namespace Berth.Testing;

/// <summary>Runs a program to completion, feeding stdin and capturing stdout/stderr without deadlocks.</summary>
public static class ProcessRunner
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    public static async Task<CliResult> RunAsync(
        BinaryCommand command,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        Stream? stdin = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string a in command.PrefixArguments)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (string a in arguments)
        {
            psi.ArgumentList.Add(a);
        }
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
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
        }
        string commandLine = string.Join(' ', psi.ArgumentList.Prepend(psi.FileName).Select(Quote));

        using var process = Process.Start(psi)
            ?? throw new InvalidOperationException($"could not start {commandLine}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        Task feed = FeedStdinAsync(process, stdin, cancellationToken);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"`{commandLine}` did not finish within {timeout ?? DefaultTimeout}\n" +
                $"stdout: {await stdout}\nstderr: {await stderr}");
        }
        await feed;
        return new CliResult(process.ExitCode, await stdout, await stderr) { CommandLine = commandLine };
    }

    private static async Task FeedStdinAsync(Process process, Stream? stdin, CancellationToken cancellationToken)
    {
        try
        {
            if (stdin is not null)
            {
                await stdin.CopyToAsync(process.StandardInput.BaseStream, cancellationToken);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading all of its input (EPIPE); its exit code tells why.
        }
    }

    private static string Quote(string s) =>
        s.Length > 0 && s.All(c => char.IsLetterOrDigit(c) || "-_./:=@,+".Contains(c)) ? s : $"'{s.Replace("'", "'\\''")}'";
}
