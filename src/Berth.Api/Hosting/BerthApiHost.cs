using Berth.Api.Endpoints;
using Berth.Api.Errors;
using Berth.Api.Models;
using Berth.Api.Services;
using Berth.Api.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Hosting;

/// <summary>
/// Builds berthd's HTTP server: Kestrel on the given unix sockets / TCP ports, the version and
/// error middleware, and every endpoint group. The caller registers the engine services
/// (<see cref="Core.Images.IImageService"/>, <see cref="Core.Events.IEventStream"/>, optionally
/// <see cref="IContainerCounter"/> and <see cref="Core.Snapshots.ISnapshotter"/>).
/// </summary>
public static class BerthApiHost
{
    public static WebApplication Create(BerthApiOptions options, Action<IServiceCollection> configureServices)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configureServices);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // image archives are as large as images
            // dockerd has no rate floor: a body may stall while its producer waits on us (save | load,
            // a slow build context) and a hijacked stdin may be idle for hours.
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(10);
            // Build secrets travel in a request header (see BuildSessionHeaders): room for BuildKit's
            // 500 KB per secret, on a socket only root and the berth group can open.
            kestrel.Limits.MaxRequestHeadersTotalSize = Build.BuildSessionHeaders.MaxEncodedLength + 64 * 1024;
            kestrel.Limits.MaxRequestBufferSize = kestrel.Limits.MaxRequestHeadersTotalSize; // Kestrel wants the headers to fit in it
            foreach (var address in options.Listen)
            {
                if (address.UnixPath is { } path)
                {
                    kestrel.ListenUnixSocket(path, l => { l.Protocols = HttpProtocols.Http1; l.Use(Containers.HalfCloseConnection.Middleware); });
                }
                else
                {
                    kestrel.Listen(address.Address!, address.Port, l => { l.Protocols = HttpProtocols.Http1; l.Use(Containers.HalfCloseConnection.Middleware); });
                }
            }
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz ";
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        if (options.LogLevel > LogLevel.Debug)
        {
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, BerthJsonContext.Default));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(HostFacts.Read());
        builder.Services.AddHttpClient();
        configureServices(builder.Services);
        builder.Services.TryAddSingleton<IContainerCounter, NoContainers>();

        var app = builder.Build();
        var errorLogger = app.Services.GetRequiredService<ILogger<ErrorMiddleware>>();
        app.Use(next => new ErrorMiddleware(next, errorLogger).InvokeAsync);
        app.Use(next => new ApiVersionMiddleware(next).InvokeAsync);
        if (options.LogLevel <= LogLevel.Debug)
        {
            var requestLogger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Berth.Api.Requests");
            app.Use((HttpContext context, RequestDelegate next) =>
            {
                ApiLog.Request(requestLogger, context.Request.Method, context.Request.Path + context.Request.QueryString);
                return next(context);
            });
        }

        app.UseRouting();
        ApiEndpoints.MapAll(app);
        return app;
    }
}
