using System.Formats.Tar;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// Tars a context directory as the docker CLI does: paths relative to the context, .dockerignore
/// honoured (the Dockerfile and .dockerignore are always sent: the daemon needs them), symlinks kept
/// as links, uid/gid zeroed (the daemon chowns COPY to root anyway).
/// </summary>
internal static class ContextArchiver
{
    public static async Task WriteAsync(string root, string dockerfile, Stream output, CancellationToken cancellationToken)
    {
        var ignorePath = Path.Combine(root, ".dockerignore");
        var ignore = new IgnoreMatcher(File.Exists(ignorePath) ? await File.ReadAllTextAsync(ignorePath, cancellationToken).ConfigureAwait(false) : "");
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await WalkAsync(root, "", ignore, dockerfile, writer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WalkAsync(string root, string relativeDir, IgnoreMatcher ignore, string dockerfile, TarWriter writer, CancellationToken cancellationToken)
    {
        var dir = relativeDir.Length == 0 ? root : Path.Combine(root, relativeDir);
        IEnumerable<FileSystemInfo> children;
        try
        {
            children = new DirectoryInfo(dir).EnumerateFileSystemInfos().OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StatusException($"error checking context: {e.Message}");
        }

        foreach (var info in children)
        {
            var relative = relativeDir.Length == 0 ? info.Name : relativeDir + "/" + info.Name;
            var always = relative == dockerfile || relative == ".dockerignore";
            var excluded = !always && ignore.IsExcluded(relative);
            var isDir = info is DirectoryInfo && info.LinkTarget is null;
            if (excluded && (!isDir || !ignore.HasExceptions))
            {
                continue;
            }

            if (!excluded)
            {
                await writer.WriteEntryAsync(info.FullName, relative, cancellationToken).ConfigureAwait(false);
            }

            if (isDir)
            {
                await WalkAsync(root, relative, ignore, dockerfile, writer, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
