using System.Runtime.ExceptionServices;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

internal sealed partial class CpCommand
{
    /// <summary>docker's copyFromContainer: GET the archive, then extract it locally (or pass it to stdout).</summary>
    private static async Task<int> CopyFromContainerAsync(CommandContext context, string container, string srcPath, string dstPath, CpOptions options, CancellationToken cancellationToken)
    {
        if (dstPath != "-")
        {
            dstPath = CpPath.PreserveTrailingDotOrSeparator(CpPath.Abs(dstPath), dstPath);
        }

        ValidateOutputPath(dstPath);

        // -L: copy what a symlink points to, but name it as the link.
        var rebaseName = "";
        if (options.FollowLink && await CpContainerStat.TryStatAsync(context.Client, container, srcPath, cancellationToken).ConfigureAwait(false) is { IsSymlink: true } link)
        {
            var target = CpPath.IsAbs(link.LinkTarget) ? link.LinkTarget : CpPath.Join(CpPath.SplitDirEntry(srcPath).Dir, link.LinkTarget);
            (srcPath, rebaseName) = CpPath.GetRebaseName(srcPath, target);
        }

        using var response = await context.Client.SendAsync(
            new EngineRequest("GET", ContainerBatch.Path(container, "archive"), new EngineQuery().Add("path", srcPath)), cancellationToken).ConfigureAwait(false);
        var stat = CpContainerStat.FromHeaders(response.Headers);
        if (dstPath == "-")
        {
            await context.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await response.Body.CopyToAsync(context.OutStream, cancellationToken).ConfigureAwait(false);
            await context.OutStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var source = new CpCopyInfo(srcPath, Exists: true, IsDir: stat.IsDir, rebaseName);
        var serverBase = CpPath.SplitDirEntry(srcPath).Base;
        var plan = CpArchivePlan.Prepare(source, CpLocalPaths.Destination(dstPath));
        Func<string, string> rename = rebaseName.Length > 0
            ? name => plan.Rename(CpPath.Rebase(name, serverBase, rebaseName))
            : plan.Rename;
        var counted = new CpCountingStream(response.Body);
        Exception? failure = null;
        try
        {
            await new CpExtractor(plan.Directory, rename).ExtractAsync(counted, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        if (!options.Quiet)
        {
            context.Err.Write($"Successfully copied {HumanUnits.HumanSizeWithPrecision(counted.Total, 3)} to {dstPath}\n");
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return 0;
    }

    /// <summary>docker's command.ValidateOutputPath.</summary>
    private static void ValidateOutputPath(string path)
    {
        var dir = CpPath.Dir(CpPath.Clean(path));
        if (dir is not ("" or ".") && !Directory.Exists(dir) && !File.Exists(dir))
        {
            throw new StatusException($"invalid output path: directory \"{dir}\" does not exist");
        }
    }
}
