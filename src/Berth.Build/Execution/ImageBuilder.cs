using Berth.Build.Context;
using Berth.Build.Instructions;
using Berth.Build.Parsing;
using Berth.Core.Build;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Images;

namespace Berth.Build.Execution;

/// <summary>
/// The classic Dockerfile builder: receives the context, plans the stages, runs them against the
/// engine services and keeps a persistent step cache. Each build works in its own directory under
/// <see cref="BuilderOptions.WorkRoot"/>/tmp, removed when the build ends.
/// </summary>
public sealed partial class ImageBuilder : IImageBuilder
{
    private readonly BuildServices _services;

    public ImageBuilder(IImageService images, IContainerService containers, IContainerFilesystem filesystem, IBuildCacheStore cache,
        BuilderOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = new BuildServices(images, containers, filesystem, cache, options, options.Http ?? SharedHttp.Value, time ?? TimeProvider.System);
        // Leftovers of builds interrupted by a crash.
        var tmp = Path.Combine(options.WorkRoot, "tmp");
        if (Directory.Exists(tmp))
        {
            // A crash mid-RUN can leave a secret tmpfs mounted there; deleting through it would fail.
            SecretTmpfs.UnmountLeftovers(tmp);
            Directory.Delete(tmp, recursive: true);
        }
    }

    private static Lazy<HttpClient> SharedHttp { get; } = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(10) });

    public async Task<string> BuildAsync(BuildRequest request, Stream context, IBuildOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var tag in request.Tags)
        {
            ImageTags.Validate(tag);
        }

        var workDir = Path.Combine(_services.Options.WorkRoot, "tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDir);
        try
        {
            var received = await ReceivedContext.ReceiveAsync(context, Path.Combine(workDir, "context"), cancellationToken).ConfigureAwait(false);
            var plan = Plan(request, received);
            using var failFast = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var job = new BuildJob(_services, request, received, plan, new BuildReporter(output, cancellationToken), workDir, failFast.Token);
            try
            {
                var imageId = await job.RunAsync().ConfigureAwait(false);
                await output.ImageBuiltAsync(imageId, cancellationToken).ConfigureAwait(false);
                return imageId;
            }
            catch
            {
                await failFast.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            TryDelete(workDir);
        }
    }

    /// <summary>Reads the Dockerfile and .dockerignore out of the context and makes the plan; every
    /// Dockerfile problem is an InvalidArgument naming the file and line.</summary>
    private static BuildPlan Plan(BuildRequest request, ReceivedContext context)
    {
        var name = string.IsNullOrEmpty(request.Dockerfile) ? "Dockerfile" : request.Dockerfile;
        var text = context.ReadText(name);
        if (text is null && name == "Dockerfile")
        {
            text = context.ReadText("dockerfile");
        }

        if (text is null)
        {
            throw EngineException.InvalidArgument($"Cannot locate specified Dockerfile: {name}");
        }

        try
        {
            var ignore = context.ReadText(".dockerignore");
            if (ignore is not null)
            {
                context.Filter = ContextFilter.FromIgnoreFile(ignore, name);
            }

            var options = new BuildPlanOptions { Target = request.Target, BuildArgs = request.BuildArgs };
            return BuildPlan.Create(text, options, Path.GetFileName(name));
        }
        catch (DockerfileException e)
        {
            throw e.ToEngineException();
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the next daemon start clears tmp/.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
