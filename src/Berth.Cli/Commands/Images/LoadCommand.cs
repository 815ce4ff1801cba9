using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>berth load: streams a tar archive to POST /images/load and prints the daemon's messages.</summary>
internal sealed class LoadCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS]",
        "Load an image from a tar archive or STDIN",
        [
            FlagSpec.String("input", 'i', "Read from tar archive file, instead of STDIN"),
            FlagSpec.String("platform", null, "Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
            FlagSpec.Bool("quiet", 'q', "Suppress the load output"),
        ])
    {
        MaxArgs = 0,
        Aliases = "berth image load, berth load",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var input = args.String("input");
        if (string.IsNullOrEmpty(input) && context.StdinIsTerminal)
        {
            throw new StatusException("requested load from stdin, but stdin is empty");
        }

        // docker asks for quiet output whenever stdout is not a terminal (no progress bars).
        var query = new EngineQuery().AddFlag("quiet", args.Bool("quiet") || !context.StdoutIsTerminal);
        if (args.String("platform") is { Length: > 0 } platform)
        {
            query.Add("platform", platform);
        }

        Stream body;
        try
        {
            body = string.IsNullOrEmpty(input) ? context.In : File.OpenRead(input);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StatusException($"open {input}: no such file or directory");
        }

        try
        {
            var request = new EngineRequest("POST", "/images/load", query) { BodyStream = body, ContentType = "application/x-tar" };
            using var response = await context.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("application/json", StringComparison.Ordinal))
            {
                await JsonMessagePrinter.PrintAsync(response, context.Out, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                context.Out.Write(await response.ReadStringAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            if (!ReferenceEquals(body, context.In))
            {
                await body.DisposeAsync().ConfigureAwait(false);
            }
        }

        return 0;
    }
}
