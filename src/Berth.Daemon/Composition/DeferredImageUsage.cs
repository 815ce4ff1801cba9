using Berth.Core.Images;

namespace Berth.Daemon.Composition;

/// <summary>The image service needs to know which containers use an image, and the container service
/// needs the image service: this breaks the cycle by pointing at the container engine once it exists.</summary>
internal sealed class DeferredImageUsage : IImageUsage
{
    public IImageUsage? Target { get; set; }

    public IReadOnlyList<string> ContainersUsing(string imageId) => Target?.ContainersUsing(imageId) ?? [];
}
