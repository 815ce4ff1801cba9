namespace Berth.Api.Models.Containers;

public sealed class WaitExitError
{
    public string Message { get; init; } = "";
}
