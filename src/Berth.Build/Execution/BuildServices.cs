using Berth.Core.Build;
using Berth.Core.Containers;
using Berth.Core.Images;

namespace Berth.Build.Execution;

/// <summary>The engine services a build uses, bundled so steps take one argument.</summary>
internal sealed record BuildServices(
    IImageService Images,
    IContainerService Containers,
    IContainerFilesystem Filesystem,
    IBuildCacheStore Cache,
    BuilderOptions Options,
    HttpClient Http,
    TimeProvider Time);
