using System.Text.Json.Nodes;
using Berth.Core.Images;
using Berth.Images.Config;
using Berth.Images.Layers;
using Berth.Images.Model;
using Berth.Images.Remove;

namespace Berth.Images.Create;

/// <summary>
/// commit / build step: base config + overrides + changes, plus at most one new layer. A layer that
/// is an empty tar adds no layer (Docker's layer.IsEmpty), the history entry is then empty_layer.
/// </summary>
internal sealed class ImageCommitter(IImageMetadataStore metadata, ImageDetailsFactory details, LayerIngest ingest, ImageWriter writer, BlobJanitor janitor, TimeProvider time)
{
    /// <summary>sha256 of 1024 zero bytes: the tar of no changes.</summary>
    public const string EmptyTarDiffId = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef";

    public async Task<StoredImage> CommitAsync(CommitRequest request, CancellationToken cancellationToken)
    {
        var reference = string.IsNullOrEmpty(request.Repository) ? null : TargetReference.Parse(request.Repository, request.Tag);
        var baseImage = request.BaseImage is null ? null : ImageCatalog.Load(metadata).Resolve(request.BaseImage);
        var baseConfig = baseImage is null ? null : await details.ReadConfigAsync(baseImage.Id, cancellationToken).ConfigureAwait(false);

        var config = baseConfig?.Root["config"]?.DeepClone() as JsonObject ?? new JsonObject();
        ConfigBuilder.Override(config, request.ConfigOverrides);
        ChangeParser.Apply(config, request.Changes);

        LayerBlob? blob = null;
        string? diffId = null;
        if (request.LayerTar is not null && !request.EmptyLayer)
        {
            (blob, diffId) = await ingest.StoreAsync(request.LayerTar, cancellationToken).ConfigureAwait(false);
            if (diffId == EmptyTarDiffId)
            {
                janitor.DeleteUnreferenced([blob.Digest]);
                (blob, diffId) = (null, null);
            }
        }

        try
        {
            var root = ConfigBuilder.Child(baseConfig, config, time.GetUtcNow(), request.Author, request.Comment, request.CreatedBy, diffId);
            var layers = (baseImage?.LayerBlobs ?? []).Concat(blob is null ? [] : [blob]).ToArray();
            return await writer.WriteAsync(ConfigBuilder.Serialize(root), layers, baseImage?.Id, null, reference is null ? [] : [reference], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (blob is not null)
            {
                janitor.DeleteUnreferenced([blob.Digest]);
            }

            throw;
        }
    }
}
