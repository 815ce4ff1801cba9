using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth create / container create: prints the new container's full ID.</summary>
internal sealed class CreateCommand : ICommand
{
    public CommandSpec Spec { get; } = new("[OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container", ContainerFlags.Create)
    {
        MinArgs = 1,
        Interspersed = false,
        Aliases = "berth container create, berth create",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        try
        {
            var request = ContainerRequestBuilder.Build(args, detach: false, Environment.GetEnvironmentVariable, consoleSize: null);
            var id = await ContainerCreator.CreateAsync(context, request, cancellationToken).ConfigureAwait(false);
            context.Out.Write(id + "\n");
            return 0;
        }
        catch (ContainerOptionException ex)
        {
            // Flag validation is 125 with a help hint; daemon errors (e.g. a name conflict) are plain
            // "Error response from daemon" with exit 1, as docker create does (unlike run).
            throw RunErrors.WithHelp(context.CommandPath, ex.Message);
        }
    }
}
