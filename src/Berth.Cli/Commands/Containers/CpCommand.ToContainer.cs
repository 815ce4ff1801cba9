using System.IO.Pipelines;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

internal sealed partial class CpCommand
{
    /// <summary>docker's copyToContainer: stat the destination in the container, tar the local source
    /// shaped by docker's rules (or pass stdin's tar), PUT it into the right directory.</summary>
    private static async Task<int> CopyToContainerAsync(CommandContext context, string container, string srcPath, string dstPath, CpOptions options, CancellationToken cancellationToken)
    {
        if (srcPath != "-")
        {
            srcPath = CpPath.PreserveTrailingDotOrSeparator(CpPath.Abs(srcPath), srcPath);
        }

        var destination = new CpCopyInfo(dstPath);
        var stat = await CpContainerStat.TryStatAsync(context.Client, container, dstPath, cancellationToken).ConfigureAwait(false);
        if (stat is { IsSymlink: true })
        {
            var target = CpPath.IsAbs(stat.LinkTarget) ? stat.LinkTarget : CpPath.Join(CpPath.SplitDirEntry(dstPath).Dir, stat.LinkTarget);
            destination = destination with { Path = target };
            stat = await CpContainerStat.TryStatAsync(context.Client, container, target, cancellationToken).ConfigureAwait(false);
        }

        if (stat?.InvalidOutputReason is { } reason)
        {
            throw new StatusException($"destination \"{container}:{dstPath}\" must be a directory or a regular file: {reason}");
        }

        if (stat is not null)
        {
            destination = destination with { Exists = true, IsDir = stat.IsDir };
        }

        var query = new EngineQuery();
        var request = new EngineRequest("PUT", ContainerBatch.Path(container, "archive"), query) { ContentType = "application/x-tar" };
        if (srcPath == "-")
        {
            if (!destination.IsDir)
            {
                throw new StatusException($"destination \"{container}:{dstPath}\" must be a directory");
            }

            query.Add("path", destination.Path).Add("noOverwriteDirNonDir", "true");
            if (options.CopyUidGid)
            {
                query.Add("copyUIDGID", "true");
            }

            request.BodyStream = context.In;
            using var response = await context.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var source = CpLocalPaths.Source(srcPath, options.FollowLink);
        var plan = CpArchivePlan.Prepare(source, destination);
        query.Add("path", plan.Directory).Add("noOverwriteDirNonDir", "true");
        if (options.CopyUidGid)
        {
            query.Add("copyUIDGID", "true");
        }

        var pipe = new Pipe();
        var producer = Task.Run(async () =>
        {
            try
            {
                await using var writer = pipe.Writer.AsStream(leaveOpen: true);
                await CpLocalTar.WriteAsync(source, plan.Rename, writer, cancellationToken).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                await pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
            }
        }, CancellationToken.None);

        var counted = new CpCountingStream(pipe.Reader.AsStream());
        request.BodyStream = counted;
        try
        {
            using var response = await context.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }

        if (!options.Quiet)
        {
            context.Err.Write($"Successfully copied {HumanUnits.HumanSizeWithPrecision(counted.Total, 3)} to {container}:{destination.Path}\n");
        }

        return 0;
    }
}
