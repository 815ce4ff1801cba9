using System.Net.Sockets;
using Berth.Api.Events;
using Berth.Api.Hosting;
using Berth.Core.Events;
using Berth.Core.Images;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Tests;

/// <summary>The real API app on a temp unix socket, with an HttpClient that talks to it.</summary>
internal sealed class ApiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiTestServer(WebApplication app, string directory, string socket, IImageService images, EventStream events)
    {
        _app = app;
        Directory = directory;
        SocketPath = socket;
        ImageService = images;
        Events = events;
        Client = CreateClient(socket);
    }

    public string Directory { get; }
    public string SocketPath { get; }
    public IImageService ImageService { get; }
    public FakeImageService Images => (FakeImageService)ImageService;
    public EventStream Events { get; }
    public HttpClient Client { get; }

    public static Task<ApiTestServer> StartAsync() => StartAsync(new FakeImageService(), null);

    public static async Task<ApiTestServer> StartAsync(IImageService images, Action<IServiceCollection>? extra, EventStream? events = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("berth-api-").FullName;
        var socket = Path.Combine(directory, "api.sock");
        events ??= new EventStream();
        var options = new BerthApiOptions
        {
            Listen = [ListenAddress.Unix(socket)],
            DataRoot = Path.Combine(directory, "data"),
            ExecRoot = directory,
            EngineId = "test-engine",
            LogLevel = LogLevel.Warning,
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        };
        var app = BerthApiHost.Create(options, services =>
        {
            services.AddSingleton(images);
            services.AddSingleton<IEventStream>(events);
            extra?.Invoke(services);
        });
        await app.StartAsync();
        return new ApiTestServer(app, directory, socket, images, events);
    }

    public static HttpClient CreateClient(string socket)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
