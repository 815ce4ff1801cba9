using Berth.Build.Cache;
using Berth.Core.Build;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    /// <summary>A config-only step: an image with an empty_layer history entry ("/bin/sh -c #(nop)  ENV A=b").</summary>
    private async Task CommitMetadataAsync(string comment)
    {
        var createdBy = string.Join(' ', _state.Shell) + " #(nop)  " + comment;
        var key = Key(comment);
        if (await TryCacheAsync(key).ConfigureAwait(false))
        {
            return;
        }

        await CommitAsync(key, comment, createdBy, layer: null).ConfigureAwait(false);
    }

    private string Key(string step) => CacheKey.Compute(_state.ImageId, step, _state.ConfigBytes());

    /// <summary>On a hit the stage moves to the cached image and " ---> Using cache" is printed.</summary>
    private async Task<bool> TryCacheAsync(string key)
    {
        if (_job.Request.NoCache)
        {
            return false;
        }

        var entry = _job.Services.Cache.Lookup(key, _job.Services.Time.GetUtcNow());
        if (entry is null)
        {
            return false;
        }

        ImageDetails image;
        try
        {
            image = await _job.Services.Images.GetAsync(entry.ImageId, Cancellation).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.NotFound)
        {
            return false; // the image was removed since; build the step again
        }

        _state.ImageId = image.Id;
        _imageSize = image.Size;
        await Reporter.UsingCacheAsync().ConfigureAwait(false);
        await Reporter.ImageAsync(image.Id).ConfigureAwait(false);
        return true;
    }

    /// <summary>Commits the step's image (untagged: an intermediate image the next step builds on) and records it in the cache.</summary>
    /// <param name="beforeReport">Runs after the commit, before the image ID is printed (the RUN container's removal line).</param>
    private async Task CommitAsync(string key, string description, string createdBy, Stream? layer, Func<ValueTask>? beforeReport = null)
    {
        var request = new CommitRequest(
            _state.ImageId,
            layer,
            _state.ConfigBytes(),
            [],
            Repository: null,
            Tag: null,
            Comment: null,
            _state.Author,
            createdBy,
            EmptyLayer: layer is null);
        var image = await _job.Services.Images.CommitAsync(request, Cancellation).ConfigureAwait(false);
        var now = _job.Services.Time.GetUtcNow();
        _job.Services.Cache.Store(new BuildCacheEntry(
            key, image.Id, _state.ImageId ?? "", description, Math.Max(0, image.Size - _imageSize), now, now, 0));
        _state.ImageId = image.Id;
        _imageSize = image.Size;
        if (beforeReport is not null)
        {
            await beforeReport().ConfigureAwait(false);
        }

        await Reporter.ImageAsync(image.Id).ConfigureAwait(false);
    }
}
