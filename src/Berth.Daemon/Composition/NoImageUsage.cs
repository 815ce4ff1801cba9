using Berth.Core.Images;

namespace Berth.Daemon.Composition;

/// <summary>Until the container engine exists no container uses any image.</summary>
internal sealed class NoImageUsage : IImageUsage
{
    public IReadOnlyList<string> ContainersUsing(string imageId) => [];
}
