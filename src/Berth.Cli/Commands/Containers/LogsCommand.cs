using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth logs: the container's output, demultiplexed to stdout and stderr unless it has a TTY.</summary>
internal sealed class LogsCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER",
        "Fetch the logs of a container",
        [
            FlagSpec.Bool("details", null, "Show extra details provided to logs"),
            FlagSpec.Bool("follow", 'f', "Follow log output"),
            FlagSpec.String("since", null, "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
            FlagSpec.String("tail", 'n', "Number of lines to show from the end of the logs", "string", "all"),
            FlagSpec.Bool("timestamps", 't', "Show timestamps"),
            FlagSpec.String("until", null, "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        ])
    {
        MinArgs = 1,
        MaxArgs = 1,
        Aliases = "berth container logs, berth logs",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var name = args.Positionals[0];
        var inspect = await context.Client.GetJsonAsync(ContainerBatch.Path(name, "json"), null, cancellationToken).ConfigureAwait(false);
        var tty = inspect?["Config"]?["Tty"]?.GetValue<bool>() == true;
        var now = context.Clock();
        string? since, until;
        try
        {
            since = TimestampArg.Convert(args.String("since"), now);
            until = TimestampArg.Convert(args.String("until"), now);
        }
        catch (FormatException ex)
        {
            throw new StatusException(ex.Message);
        }

        var query = new EngineQuery().AddFlag("details", args.Bool("details")).AddFlag("follow", args.Bool("follow"))
            .AddIfNotEmpty("since", since).Add("stderr", "1").Add("stdout", "1")
            .AddIfNotEmpty("tail", args.String("tail") ?? "all").AddFlag("timestamps", args.Bool("timestamps")).AddIfNotEmpty("until", until);
        context.Out.Flush();
        try
        {
            using var response = await context.Client.SendAsync(new EngineRequest("GET", ContainerBatch.Path(name, "logs"), query), cancellationToken).ConfigureAwait(false);
            var stderr = new TextWriterStream(context.Err);
            if (tty)
            {
                await response.Body.CopyToAsync(context.OutStream, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await new MultiplexedStreamReader(response.Body).CopyToAsync(context.OutStream, stderr, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 130;
        }

        await context.OutStream.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
