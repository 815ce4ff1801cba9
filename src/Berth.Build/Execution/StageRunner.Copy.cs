using System.Security.Cryptography;
using System.Text;
using Berth.Build.Context;
using Berth.Build.Instructions;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    /// <summary>
    /// COPY/ADD: sources are resolved and hashed first (the cache key needs the content hash), then
    /// the files are written as a tar and turned into a layer, with no container process involved.
    /// </summary>
    private async Task CopyAsync(FileInstruction file)
    {
        var command = file is AddInstruction ? "ADD" : "COPY";
        var destination = file.Destination.StartsWith('/') ? file.Destination : _state.WorkingDir.TrimEnd('/') + "/" + file.Destination;
        var destIsDir = destination.EndsWith('/') || destination.EndsWith("/.", StringComparison.Ordinal) || file.Destination == ".";
        var dest = PathClean.Clean(destination);
        var sources = await CollectSourcesAsync(file, command).ConfigureAwait(false);
        if (sources.Count > 1 && !destIsDir)
        {
            throw EngineException.InvalidArgument($"When using {command} with more than one source file, the destination must be a directory and end with a /");
        }

        var hash = await HashSourcesAsync(sources).ConfigureAwait(false);
        var kind = sources.Count > 1 ? "multi" : sources.SingleDirectory ? "dir" : "file";
        var comment = $"{command} {kind}:{hash} in {(destIsDir && !dest.EndsWith('/') ? dest + "/" : dest)} ";
        var flags = $"chown={file.Chown} chmod={file.Chmod} unpack={(file as AddInstruction)?.Unpack}";
        var key = Key(comment + "\n" + flags);
        if (await TryCacheAsync(key).ConfigureAwait(false))
        {
            return;
        }

        var createdBy = string.Join(' ', _state.Shell) + " #(nop) " + comment;
        await WriteLayerAsync(key, comment, createdBy, async (helper, tar) =>
        {
            var owner = await OwnerAsync(file.Chown, helper).ConfigureAwait(false);
            var writer = new CopyWriter(tar, helper, owner, ChownSpec.ParseChmod(file.Chmod), Cancellation);
            if (!destIsDir && sources.Count == 1 && !sources.SingleDirectory && sources.FromPaths.Count == 0
                && helper is not null && (await helper.StatAsync(dest, Cancellation).ConfigureAwait(false))?.IsDirectory == true)
            {
                destIsDir = true; // an existing directory receives the file
            }

            await writer.WriteAsync(_job.Context, sources, dest, destIsDir, file is AddInstruction add && add.Unpack != false).ConfigureAwait(false);
            if (sources.FromImage is not null)
            {
                await CopyFromImageAsync(writer, sources, dest, destIsDir).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>WORKDIR creates the directory when the image lacks it (a layer in the legacy builder).</summary>
    private async Task WorkdirAsync(WorkdirInstruction workdir)
    {
        var comment = MetadataSteps.Apply(workdir, _state);
        var key = Key(comment);
        if (await TryCacheAsync(key).ConfigureAwait(false))
        {
            return;
        }

        var path = _state.WorkingDir;
        var createdBy = string.Join(' ', _state.Shell) + " #(nop)  " + comment;
        if (path == "/")
        {
            await CommitAsync(key, comment, createdBy, layer: null).ConfigureAwait(false);
            return;
        }

        await WriteLayerAsync(key, comment, createdBy, async (helper, tar) =>
        {
            if (helper is null || await helper.StatAsync(path + "/", Cancellation).ConfigureAwait(false) is null)
            {
                await tar.DirectoryAsync(path, 0x1ED, 0, 0, _job.Services.Time.GetUtcNow(), Cancellation).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="write"/> to produce the step's tar and commits the layer it makes. On an
    /// image the layer is written straight from the image's unpacked layers (<see cref="DirectLayerWriter"/>);
    /// when a path needs real resolution, the tar is extracted into a helper container and the
    /// container's diff becomes the layer. On scratch the tar is the layer.
    /// </summary>
    private async Task WriteLayerAsync(string key, string description, string createdBy, Func<IImageFiles?, LayerTarWriter, Task> write)
    {
        if (_state.ImageId is not null && await OpenLayerViewAsync(_state.ImageId).ConfigureAwait(false) is { } view)
        {
            try
            {
                await WriteDirectLayerAsync(key, description, createdBy, view, write).ConfigureAwait(false);
                return;
            }
            catch (NeedsContainerException)
            {
                // A symlink or a change of file type on the way: overlayfs resolves it below.
            }
        }

        HelperContainer? helper = _state.ImageId is null ? null
            : await HelperContainer.CreateAsync(_job.Services.Containers, _job.Services.Filesystem, _state.ImageId, Cancellation).ConfigureAwait(false);
        try
        {
            var tar = NewTempFile();
            await using (tar.ConfigureAwait(false))
            {
                int count;
                var writer = new LayerTarWriter(tar) { CreateParents = helper is null };
                await using (writer.ConfigureAwait(false))
                {
                    await write(helper, writer).ConfigureAwait(false);
                    count = writer.Count;
                }

                tar.Position = 0;
                if (helper is null || count == 0)
                {
                    await CommitAsync(key, description, createdBy, count == 0 ? null : tar).ConfigureAwait(false);
                    return;
                }

                await helper.ExtractAsync(tar, Cancellation).ConfigureAwait(false);
                var diff = NewTempFile();
                await using (diff.ConfigureAwait(false))
                {
                    await helper.WriteDiffAsync(diff, Cancellation).ConfigureAwait(false);
                    diff.Position = 0;
                    await CommitAsync(key, description, createdBy, diff).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (helper is not null)
            {
                await helper.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Nothing is committed before the whole layer is written, so a fallback leaves no trace.</summary>
    private async Task WriteDirectLayerAsync(string key, string description, string createdBy, LayerView view, Func<IImageFiles?, LayerTarWriter, Task> write)
    {
        var tar = NewTempFile();
        await using (tar.ConfigureAwait(false))
        {
            int count;
            var writer = new LayerTarWriter(tar);
            await using (writer.ConfigureAwait(false))
            {
                await write(view, writer).ConfigureAwait(false);
                count = writer.Count;
            }

            if (count == 0)
            {
                await CommitAsync(key, description, createdBy, layer: null).ConfigureAwait(false);
                return;
            }

            tar.Position = 0;
            var layer = NewTempFile();
            await using (layer.ConfigureAwait(false))
            {
                await new DirectLayerWriter(view, _job.Services.Time.GetUtcNow()).WriteAsync(tar, layer, Cancellation).ConfigureAwait(false);
                layer.Position = 0;
                await CommitAsync(key, description, createdBy, layer).ConfigureAwait(false);
            }
        }
    }

    /// <summary>An image's unpacked layers, when the engine gave the builder its snapshotter.</summary>
    private async Task<LayerView?> OpenLayerViewAsync(string image)
    {
        if (_job.Services.Options.Snapshots is not { } snapshots)
        {
            return null;
        }

        var rootfs = await _job.Services.Images.ResolveRootfsAsync(image, Cancellation).ConfigureAwait(false);
        var layers = new List<string>(rootfs.ChainIdsBottomFirst.Count);
        for (var i = rootfs.ChainIdsBottomFirst.Count - 1; i >= 0; i--)
        {
            layers.Add(snapshots.GetLayerPath(rootfs.ChainIdsBottomFirst[i]));
        }

        return new LayerView(layers);
    }

    private async Task<(int Uid, int Gid)> OwnerAsync(string chown, IImageFiles? helper)
    {
        if (chown.Length == 0)
        {
            return (0, 0);
        }

        if (!ChownSpec.NeedsLookup(chown) || helper is null)
        {
            return ChownSpec.Resolve(chown, null, null);
        }

        var passwd = await helper.ReadTextAsync("/etc/passwd", Cancellation).ConfigureAwait(false);
        var group = await helper.ReadTextAsync("/etc/group", Cancellation).ConfigureAwait(false);
        return ChownSpec.Resolve(chown, passwd, group);
    }

    private async Task<string> HashSourcesAsync(CopySourceSet sources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (sources.ContextMatches.Count > 0)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(CopySources.Hash(_job.Context, sources.ContextMatches)));
        }

        foreach (var (name, data) in sources.Inline)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"inline\0{name}\0{data}\0"));
        }

        foreach (var (name, hostPath, _) in sources.Downloads)
        {
            var content = File.OpenRead(hostPath);
            await using (content.ConfigureAwait(false))
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"url\0{name}\0"));
                hash.AppendData(await SHA256.HashDataAsync(content, Cancellation).ConfigureAwait(false));
            }
        }

        if (sources.FromImage is not null)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"from\0{sources.FromImage}\0{string.Join('\0', sources.FromPaths)}"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
