using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>berth save: GET /images/get?names=... streamed to -o FILE or stdout.</summary>
internal sealed class SaveCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] IMAGE [IMAGE...]",
        "Save one or more images to a tar archive (streamed to STDOUT by default)",
        [
            FlagSpec.String("output", 'o', "Write to a file, instead of STDOUT"),
            FlagSpec.String("platform", null, "Save only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
        ])
    {
        MinArgs = 1,
        Aliases = "berth image save, berth save",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var output = args.String("output");
        if (string.IsNullOrEmpty(output) && context.StdoutIsTerminal)
        {
            throw new StatusException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }

        var query = new EngineQuery();
        foreach (var name in args.Positionals)
        {
            query.Add("names", name);
        }

        query.AddIfNotEmpty("platform", args.String("platform"));
        using var response = await context.Client.SendAsync(new EngineRequest("GET", "/images/get", query), cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(output))
        {
            context.Out.Flush();
            await response.Body.CopyToAsync(context.OutStream, cancellationToken).ConfigureAwait(false);
            await context.OutStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        // Write next to the target and rename, so a failed save leaves no partial archive.
        var temp = output + ".berth-tmp";
        try
        {
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await response.Body.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, output, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return 0;
    }
}
