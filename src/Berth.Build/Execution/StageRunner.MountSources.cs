using System.Globalization;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    /// <summary>
    /// RUN --mount from=: a stage of this Dockerfile (name or index; the plan made it a dependency,
    /// so it is built, or being built, already), else a local image. Null for a stage with no files
    /// (FROM scratch and nothing added), which mounts as an empty directory.
    /// </summary>
    private async Task<string?> MountSourceImageAsync(string from)
    {
        var stage = int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? _job.Plan.Stages.ElementAtOrDefault(index)
            : _job.Plan.Stages.FirstOrDefault(s => s.Name.Length > 0 && s.Name == from.ToLowerInvariant());
        if (stage is not null && stage != _stage)
        {
            if (!_stage.Dependencies.Contains(stage.Index))
            {
                throw EngineException.InvalidArgument(
                    $"{FileName}: RUN --mount from={from} names {stage}, which the stage graph did not see (from= may only use global ARGs)");
            }

            return (await _job.StageAsync(stage).ConfigureAwait(false)).ImageId;
        }

        return (await ResolveImageAsync(from).ConfigureAwait(false)).Id;
    }

    /// <summary>
    /// Copies <paramref name="source"/> of the image to <paramref name="destination"/> on the host
    /// (a directory's contents, or a single file), read through a helper container so symlinks in the
    /// path resolve inside that image. A missing source fails as BuildKit's cache key computation does.
    /// </summary>
    private async Task ExtractMountSourceAsync(string? imageId, string source, string destination)
    {
        if (imageId is null)
        {
            if (source != "/")
            {
                throw EngineException.InvalidArgument($"failed to compute cache key: \"{source}\" not found");
            }

            Directory.CreateDirectory(destination);
            return;
        }

        var helper = await HelperContainer.CreateAsync(_job.Services.Containers, _job.Services.Filesystem, imageId, Cancellation).ConfigureAwait(false);
        await using (helper.ConfigureAwait(false))
        {
            // Trailing "/" follows a final symlink, as a bind of a symlinked directory would.
            var stat = await helper.StatAsync(source == "/" ? "/" : source + "/", Cancellation).ConfigureAwait(false);
            for (var hops = 0; stat is null; hops++)
            {
                // Not a directory: a file, or a symlink to one, resolved in the image (never on the host).
                stat = await helper.StatAsync(source, Cancellation).ConfigureAwait(false);
                if (stat is null || hops > 16)
                {
                    throw EngineException.InvalidArgument($"failed to compute cache key: \"{source}\" not found");
                }

                if ((stat.Mode & Core.Containers.PathStat.ModeSymlink) != 0)
                {
                    source = Context.PathClean.Clean(stat.LinkTarget.StartsWith('/') ? stat.LinkTarget : source[..(source.LastIndexOf('/') + 1)] + stat.LinkTarget);
                    stat = null;
                }
            }

            var archive = NewTempFile();
            await using (archive.ConfigureAwait(false))
            {
                await helper.ArchiveAsync(stat.IsDirectory ? (source == "/" ? "/." : source + "/.") : source, archive, Cancellation).ConfigureAwait(false);
                archive.Position = 0;
                await ArchiveExtractor.ExtractAsync(archive, destination, single: !stat.IsDirectory, Cancellation).ConfigureAwait(false);
            }
        }
    }
}
