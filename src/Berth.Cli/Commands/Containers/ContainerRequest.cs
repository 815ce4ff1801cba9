using System.Text.Json.Nodes;

namespace Berth.Cli.Commands.Containers;

/// <summary>A parsed run/create command line: the create body plus what the CLI itself acts on.</summary>
internal sealed record ContainerRequest(JsonObject Body, string Image, string? Name, string? Platform)
{
    public bool Tty => Body["Tty"]?.GetValue<bool>() == true;

    public bool OpenStdin => Body["OpenStdin"]?.GetValue<bool>() == true;

    public bool AttachStdin => Body["AttachStdin"]?.GetValue<bool>() == true;

    public bool AttachStdout => Body["AttachStdout"]?.GetValue<bool>() == true;

    public bool AttachStderr => Body["AttachStderr"]?.GetValue<bool>() == true;

    public bool AutoRemove => Body["HostConfig"]?["AutoRemove"]?.GetValue<bool>() == true;
}
