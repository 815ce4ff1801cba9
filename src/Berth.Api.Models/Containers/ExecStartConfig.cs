namespace Berth.Api.Models.Containers;

/// <summary>POST /exec/{id}/start body.</summary>
public sealed class ExecStartConfig
{
    public bool Detach { get; init; }
    public bool Tty { get; init; }
    public IReadOnlyList<long>? ConsoleSize { get; init; }
}
