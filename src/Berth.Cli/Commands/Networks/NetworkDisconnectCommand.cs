using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Networks;

/// <summary>berth network disconnect: POST /networks/{id}/disconnect.</summary>
internal sealed class NetworkDisconnectCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] NETWORK CONTAINER",
        "Disconnect a container from a network",
        [FlagSpec.Bool("force", 'f', "Force the container to disconnect from a network")])
    {
        MinArgs = 2,
        MaxArgs = 2,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["Container"] = args.Positionals[1], ["Force"] = args.Bool("force") };
        await context.Client.PostJsonAsync($"/networks/{Uri.EscapeDataString(args.Positionals[0])}/disconnect", null, body, cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
