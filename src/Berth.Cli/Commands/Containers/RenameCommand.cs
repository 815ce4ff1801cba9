using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth rename OLD NEW.</summary>
internal sealed class RenameCommand : ICommand
{
    public CommandSpec Spec { get; } = new("CONTAINER NEW_NAME", "Rename a container", [])
    {
        MinArgs = 2,
        MaxArgs = 2,
        Aliases = "berth container rename, berth rename",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var (oldName, newName) = (args.Positionals[0].Trim(), args.Positionals[1].Trim());
        if (oldName.Length == 0 || newName.Length == 0)
        {
            throw new StatusException("Error: neither old nor new names may be empty");
        }

        try
        {
            await context.Client.PostJsonAsync(ContainerBatch.Path(oldName, "rename"), new EngineQuery().Add("name", newName), null, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex)
        {
            throw new StatusException($"Error response from daemon: {ex.Message}\nError: failed to rename container named {oldName}");
        }

        return 0;
    }
}
