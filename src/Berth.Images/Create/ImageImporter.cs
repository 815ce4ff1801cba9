using System.Text.Json.Nodes;
using Berth.Core.Images;
using Berth.Images.Config;
using Berth.Images.Layers;
using Berth.Images.Model;
using Berth.Images.Remove;

namespace Berth.Images.Create;

/// <summary>
/// `docker import`: one rootfs tar (plain, gzip or zstd) becomes a one-layer image. The layer blob
/// is kept exactly as uploaded (compressed stays compressed, with the matching OCI media type);
/// save decompresses it and push can send it as is.
/// </summary>
internal sealed class ImageImporter(LayerIngest ingest, ImageWriter writer, BlobJanitor janitor, TimeProvider time)
{
    public const string DefaultMessage = "Imported from -";

    public async Task<StoredImage> ImportAsync(Stream rootfsTar, ImportOptions options, CancellationToken cancellationToken)
    {
        // Validate everything cheap before reading a possibly large upload.
        var reference = string.IsNullOrEmpty(options.Repository) ? null : TargetReference.Parse(options.Repository, options.Tag);
        var (os, architecture, variant) = HostPlatform.Parse(options.Platform);
        var config = new JsonObject();
        ChangeParser.Apply(config, options.Changes);

        var (blob, diffId) = await ingest.StoreAsync(rootfsTar, cancellationToken).ConfigureAwait(false);
        try
        {
            var comment = string.IsNullOrEmpty(options.Message) ? DefaultMessage : options.Message;
            var root = ConfigBuilder.Import(os, architecture, variant, time.GetUtcNow(), comment, diffId, config);
            return await writer.WriteAsync(ConfigBuilder.Serialize(root), [blob], null, null, reference is null ? [] : [reference], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            janitor.DeleteUnreferenced([blob.Digest]);
            throw;
        }
    }
}
