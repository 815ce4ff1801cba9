using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth wait: blocks until each container stops, printing exit codes in order.</summary>
internal sealed class WaitCommand : ICommand
{
    public CommandSpec Spec { get; } = new("CONTAINER [CONTAINER...]", "Block until one or more containers stop, then print their exit codes", [])
    {
        MinArgs = 1,
        Aliases = "berth container wait, berth wait",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        foreach (var name in args.Positionals)
        {
            try
            {
                var result = await context.Client.PostJsonAsync(ContainerBatch.Path(name, "wait"), null, null, cancellationToken).ConfigureAwait(false);
                if ((string?)result?["Error"]?["Message"] is { Length: > 0 } error)
                {
                    throw new EngineApiException(500, error);
                }

                context.Out.Write($"{(long?)result?["StatusCode"] ?? 0}\n");
                context.Out.Flush();
            }
            catch (EngineApiException ex)
            {
                errors.Add("Error response from daemon: " + ex.Message);
            }
        }

        if (errors.Count > 0)
        {
            throw new StatusException(string.Join("\n", errors));
        }

        return 0;
    }
}
