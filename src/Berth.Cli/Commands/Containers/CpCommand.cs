using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// berth cp: docker cli's cp.go. One side is CONTAINER:PATH, the other a local path or "-" (a tar
/// on stdin/stdout). Both sides are stat'ed first and docker's path rules decide where the archive
/// is extracted and how its top entry is named.
/// </summary>
internal sealed partial class CpCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
        "Copy files/folders between a container and the local filesystem",
        [
            FlagSpec.Bool("archive", 'a', "Archive mode (copy all uid/gid information)"),
            FlagSpec.Bool("follow-link", 'L', "Always follow symbol link in SRC_PATH"),
            FlagSpec.Bool("quiet", 'q', "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"),
        ])
    {
        MinArgs = 2,
        MaxArgs = 2,
        LongDescription = "Copy files/folders between a container and the local filesystem\n\n"
            + "Use '-' as the source to read a tar archive from stdin\n"
            + "and extract it to a directory destination in a container.\n"
            + "Use '-' as the destination to stream a tar archive of a\n"
            + "container source to stdout.",
        Aliases = "berth container cp, berth cp",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var (source, destination) = (args.Positionals[0], args.Positionals[1]);
        if (source.Length == 0)
        {
            throw new StatusException("source can not be empty");
        }

        if (destination.Length == 0)
        {
            throw new StatusException("destination can not be empty");
        }

        // docker: without -q, progress is shown only when stdout is a terminal.
        var quiet = args.IsSet("quiet") ? args.Bool("quiet") : !context.StdoutIsTerminal;
        var (srcContainer, srcPath) = CpPath.SplitCpArg(source);
        var (dstContainer, dstPath) = CpPath.SplitCpArg(destination);
        var options = new CpOptions(args.Bool("follow-link"), args.Bool("archive"), quiet);
        try
        {
            return (srcContainer.Length > 0, dstContainer.Length > 0) switch
            {
                (true, false) => await CopyFromContainerAsync(context, srcContainer, srcPath, dstPath, options, cancellationToken).ConfigureAwait(false),
                (false, true) => await CopyToContainerAsync(context, dstContainer, srcPath, dstPath, options, cancellationToken).ConfigureAwait(false),
                (true, true) => throw new StatusException("copying between containers is not supported"),
                _ => throw new StatusException("must specify at least one container source"),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new StatusException(ex.Message);
        }
    }

    private sealed record CpOptions(bool FollowLink, bool CopyUidGid, bool Quiet);
}
