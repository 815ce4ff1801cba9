namespace Berth.Testing;

/// <summary>What a finished CLI process left: its exit code and everything it printed.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string CommandLine { get; init; } = "";

    /// <summary>Throws with the full output unless the command exited 0; returns this for chaining.</summary>
    public CliResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{CommandLine}` exited {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
        }
        return this;
    }

    /// <summary>Stdout split into non-empty trimmed lines.</summary>
    public IReadOnlyList<string> Lines =>
        Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"`{CommandLine}` -> {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
