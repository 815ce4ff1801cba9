using System.IO.Pipelines;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Runtime.Filesystem;

public sealed partial class ContainerFilesystem
{
    /// <summary>Docker's CreateImageFromContainer: refuses dead and dying containers, pauses a running
    /// one for the duration (Docker ignores the pause failing for a stopped one), streams the upper
    /// dir's diff straight into the image service and publishes "commit".</summary>
    public async Task<ImageDetails> CommitAsync(string container, CommitOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using ContainerRootfs lease = await _rootfs.AcquireAsync(container, mount: false, cancellationToken).ConfigureAwait(false);
        ContainerInfo info = lease.Container;
        if (info.State.Status == ContainerStatus.Dead)
        {
            throw EngineException.Conflict($"You cannot commit container {info.Id} which is Dead");
        }
        if (info.State.Status == ContainerStatus.Removing)
        {
            throw EngineException.Conflict($"You cannot commit container {info.Id} which is being removed");
        }
        bool paused = false;
        if (options.Pause && info.State.Status == ContainerStatus.Running)
        {
            await _containers.PauseAsync(info.Id, cancellationToken).ConfigureAwait(false);
            paused = true;
        }
        ImageDetails image;
        try
        {
            byte[] config = CommitConfig.Build(info, options.ConfigOverrides);
            image = await CommitLayerAsync(info, lease.UpperDir, config, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (paused)
            {
                await _containers.UnpauseAsync(info.Id, CancellationToken.None).ConfigureAwait(false);
            }
        }
        string reference = string.IsNullOrEmpty(options.Repository) ? "" : options.Repository + ":" + (string.IsNullOrEmpty(options.Tag) ? "latest" : options.Tag);
        Publish(info, "commit", new Dictionary<string, string>
        {
            ["comment"] = options.Comment ?? "",
            ["imageID"] = image.Id,
            ["imageRef"] = reference,
        });
        return image;
    }

    private async Task<ImageDetails> CommitLayerAsync(ContainerInfo info, string upperDir, byte[] config, CommitOptions options, CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        Task producer = Task.Run(async () =>
        {
            try
            {
                await _snapshotter.WriteDiffAsync(upperDir, pipe.Writer.AsStream(leaveOpen: true), cancellationToken).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
            }
        }, CancellationToken.None);

        Stream layer = pipe.Reader.AsStream();
        try
        {
            var request = new CommitRequest(
                info.Image,
                layer,
                config,
                options.Changes,
                options.Repository,
                options.Tag,
                options.Comment,
                options.Author,
                string.Join(' ', info.Config.Cmd ?? []),
                EmptyLayer: false);
            return await _images.CommitAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Unblocks the producer if the image service stopped reading early.
            await layer.DisposeAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }
}
