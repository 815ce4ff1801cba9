using System.Runtime.InteropServices;
using Berth.Api.Events;
using Berth.Api.Hosting;
using Berth.Api.Images;
using Berth.Api.Models;
using Berth.Api.Services;
using Berth.Api.Versioning;
using Berth.Core.Events;
using Berth.Core.Images;
using Berth.Core.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Endpoints;

/// <summary>/_ping, /version, /info and /system/df.</summary>
internal static partial class SystemEndpoints
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoFilters =
        new Dictionary<string, IReadOnlyList<string>>();

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/_ping", [HttpMethods.Get, HttpMethods.Head], Ping);
        app.MapGet("/version", Version);
        app.MapGet("/info", InfoAsync);
        app.MapGet("/system/df", DiskUsageAsync);
    }

    private static async Task Ping(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers["Docker-Experimental"] = "false";
        headers["Ostype"] = "linux";
        headers["Builder-Version"] = "1";
        headers.CacheControl = "no-cache, no-store, must-revalidate";
        headers.Pragma = "no-cache";
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = 2;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync("OK"u8.ToArray(), context.RequestAborted);
        }
    }

    private static IResult Version([FromServices] HostFacts host)
    {
        var buildTime = BuildTime();
        var details = new Dictionary<string, string>
        {
            ["ApiVersion"] = ApiVersion.Current.ToString(),
            ["Arch"] = HostFacts.GoArch,
            ["BuildTime"] = buildTime,
            ["Experimental"] = "false",
            ["GitCommit"] = BerthVersion.GitCommit,
            ["GoVersion"] = RuntimeInformation.FrameworkDescription,
            ["KernelVersion"] = host.KernelVersion,
            ["MinAPIVersion"] = ApiVersion.Minimum.ToString(),
            ["Os"] = "linux",
        };
        var version = new SystemVersion
        {
            Platform = new PlatformName { Name = "Berth Engine" },
            Components = [new ComponentVersion { Name = "Engine", Version = BerthVersion.Version, Details = details }],
            Version = BerthVersion.Version,
            ApiVersion = ApiVersion.Current.ToString(),
            MinAPIVersion = ApiVersion.Minimum.ToString(),
            GitCommit = BerthVersion.GitCommit,
            GoVersion = RuntimeInformation.FrameworkDescription,
            Os = "linux",
            Arch = HostFacts.GoArch,
            KernelVersion = host.KernelVersion,
            BuildTime = buildTime,
        };
        return Results.Json(version, BerthJsonContext.Default.SystemVersion);
    }

    private static async Task<IResult> InfoAsync(
        HttpContext context,
        [FromServices] BerthApiOptions options,
        [FromServices] HostFacts host,
        [FromServices] IImageService images,
        [FromServices] IContainerCounter containers,
        [FromServices] IEventStream events)
    {
        var imageCount = (await images.ListAsync(NoFilters, all: true, context.RequestAborted)).Count;
        var counts = containers.Count();
        var info = new SystemInfo
        {
            Id = options.EngineId,
            Containers = counts.Total,
            ContainersRunning = counts.Running,
            ContainersPaused = counts.Paused,
            ContainersStopped = counts.Stopped,
            Images = imageCount,
            Driver = "overlay2",
            DriverStatus = [["Backing Filesystem", "extfs"], ["Supports d_type", "true"], ["Using metacopy", "false"], ["Native Overlay Diff", "true"], ["userxattr", "false"]],
            DockerRootDir = options.DataRoot,
            Plugins = new PluginsInfo { Volume = ["local"], Network = ["bridge", "host", "null"], Log = ["json-file"] },
            MemoryLimit = true,
            SwapLimit = host.CgroupVersion == "2",
            CpuCfsPeriod = true,
            CpuCfsQuota = true,
            CpuShares = true,
            CpuSet = true,
            PidsLimit = true,
            OomKillDisable = host.CgroupVersion == "1",
            Ipv4Forwarding = File.Exists("/proc/sys/net/ipv4/ip_forward") && File.ReadAllText("/proc/sys/net/ipv4/ip_forward").Trim() == "1",
            Debug = options.Debug,
            NFd = CountOpenFiles(),
            NGoroutines = global::System.Diagnostics.Process.GetCurrentProcess().Threads.Count,
            SystemTime = Rfc3339.Local(DateTimeOffset.Now),
            LoggingDriver = "json-file",
            CgroupDriver = "cgroupfs",
            CgroupVersion = host.CgroupVersion,
            NEventsListener = events is EventStream stream ? stream.SubscriberCount : 0,
            KernelVersion = host.KernelVersion,
            OperatingSystem = host.OperatingSystem,
            OsVersion = host.OsVersion,
            OsType = "linux",
            Architecture = HostFacts.Machine,
            NCpu = Environment.ProcessorCount,
            MemTotal = host.MemTotal,
            IndexServerAddress = "https://index.docker.io/v1/",
            RegistryConfig = new RegistryServiceConfig
            {
                InsecureRegistryCIDRs = ["::1/128", "127.0.0.0/8"],
                IndexConfigs = new Dictionary<string, IndexInfo>
                {
                    ["docker.io"] = new() { Name = "docker.io", Secure = true, Official = true },
                },
            },
            Name = Environment.MachineName,
            ServerVersion = BerthVersion.Version,
            Runtimes = new Dictionary<string, RuntimeInfo> { ["runc"] = new() { Path = "runc" } },
            DefaultRuntime = "runc",
            Swarm = new SwarmInfo(),
            InitBinary = "",
            ContainerdCommit = new CommitInfo(),
            RuncCommit = new CommitInfo(),
            InitCommit = new CommitInfo(),
            SecurityOptions = ["name=seccomp,profile=builtin"],
            Warnings = [],
        };
        return Results.Json(info, BerthJsonContext.Default.SystemInfo);
    }

    private static async Task<IResult> DiskUsageAsync(
        HttpContext context,
        [FromServices] IImageService images,
        [FromServices] IServiceProvider services)
    {
        var version = ApiVersionMiddleware.Get(context);
        var list = await images.ListAsync(NoFilters, all: true, context.RequestAborted);
        var layers = new LayerUsage(services.GetService(typeof(ISnapshotter)) as ISnapshotter, list);
        var buildCache = await BuildCacheRecordsAsync(services, version, context.RequestAborted);
        var usage = new SystemDataUsage
        {
            LayersSize = layers.TotalSize,
            Images = list.Select(i => ImageProjection.Summary(i, version, layers.SharedSize(i))).ToArray(),
            Containers = await Berth.Api.Volumes.DiskUsageParts.ContainersAsync(context),
            Volumes = await Berth.Api.Volumes.DiskUsageParts.VolumesAsync(context),
            BuildCache = buildCache,
            // Only clients before API 1.42 get the total; newer ones add up BuildCache themselves.
            BuilderSize = version < ParentsApi ? buildCache.Sum(b => b.GetProperty("Size").GetInt64()) : 0,
        };
        return Results.Json(usage, BerthJsonContext.Default.SystemDataUsage);
    }

    private static int CountOpenFiles()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string BuildTime()
    {
        var path = Environment.ProcessPath;
        return path is null ? "" : Rfc3339.Utc(File.GetLastWriteTimeUtc(path));
    }
}
