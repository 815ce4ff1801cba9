namespace Berth.Api.Models.Containers;

/// <summary>GET /exec/{id}/json. ExitCode stays null until the process has exited.</summary>
public sealed class ExecInspectResponse
{
    public bool CanRemove { get; init; }
    public string DetachKeys { get; init; } = "";
    public string ID { get; init; } = "";
    public bool Running { get; init; }
    public int? ExitCode { get; init; }
    public ExecProcessConfig ProcessConfig { get; init; } = new();
    public bool OpenStdin { get; init; }
    public bool OpenStderr { get; init; }
    public bool OpenStdout { get; init; }
    public string ContainerID { get; init; } = "";
    public int Pid { get; init; }
}
