using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth export: GET /containers/{id}/export to -o FILE or a redirected stdout.</summary>
internal sealed class ExportCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER",
        "Export a container's filesystem as a tar archive",
        [FlagSpec.String("output", 'o', "Write to a file, instead of STDOUT")])
    {
        MinArgs = 1,
        MaxArgs = 1,
        Aliases = "berth container export, berth export",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var output = args.String("output");
        if (string.IsNullOrEmpty(output) && context.StdoutIsTerminal)
        {
            throw new StatusException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }

        if (!string.IsNullOrEmpty(output))
        {
            var dir = CpPath.Dir(CpPath.Clean(output));
            if (dir is not ("" or ".") && !Directory.Exists(dir))
            {
                throw new StatusException($"failed to export container: invalid output path: directory \"{dir}\" does not exist");
            }
        }

        using var response = await context.Client.SendAsync(
            new EngineRequest("GET", ContainerBatch.Path(args.Positionals[0], "export")), cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(output))
        {
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await response.Body.CopyToAsync(context.OutStream, cancellationToken).ConfigureAwait(false);
            await context.OutStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        // docker's CopyToFile: a temp file beside the target, renamed when complete.
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output))!, ".docker_temp_" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
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
