namespace Berth.Core.Containers;

/// <summary>`exec create` options. Null User/WorkingDir = the container's.</summary>
public sealed record ExecSpec
{
    public required IReadOnlyList<string> Cmd { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public bool Tty { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; } = true;
    public bool AttachStderr { get; init; } = true;
    public bool Privileged { get; init; }
}

/// <summary>`exec inspect`. ExitCode is null while running or before start.</summary>
public sealed record ExecInfo(
    string Id,
    string ContainerId,
    ExecSpec Spec,
    bool Running,
    int? ExitCode,
    int Pid);
