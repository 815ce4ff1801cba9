namespace Berth.Api.Models.Containers;

/// <summary>POST /containers/{id}/exec body.</summary>
public sealed class ExecConfig
{
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    public IReadOnlyList<long>? ConsoleSize { get; init; }
    public string? DetachKeys { get; init; }
    public bool Tty { get; init; }
    public IReadOnlyList<string>? Env { get; init; }
    public IReadOnlyList<string>? Cmd { get; init; }
    public bool Privileged { get; init; }
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
}
