using Berth.Api.Errors;
using Berth.Api.Models.Networks;
using Berth.Api.Networks;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Events;
using Berth.Core.Networks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Endpoints;

/// <summary>
/// Connect and disconnect go through the container engine: a running container needs its network
/// namespace joined and its /etc/hosts and resolv.conf rewritten, a stopped one keeps the change for
/// its next start. An engine without networking (NotSupportedException) gets 501 for connect, and
/// disconnect falls back to the network service alone.
/// </summary>
internal static partial class NetworkEndpoints
{
    private static async Task ConnectAsync(HttpContext context, string id, [FromServices] INetworkService networks)
    {
        var request = await JsonBody.ReadAsync(context, NetworkJsonContext.Default.NetworkConnectRequest)
            ?? throw EngineException.InvalidArgument("invalid JSON: got EOF while reading request body");
        var network = await networks.GetAsync(id, context.RequestAborted);
        if (context.RequestServices.GetService<IContainerService>() is not { } containers)
        {
            await ErrorWriter.WriteAsync(context, StatusCodes.Status501NotImplemented,
                $"connecting a container to network {network.Name} is not implemented in Berth yet: this daemon runs no containers");
            return;
        }

        var container = await containers.GetAsync(ContainerName(request.Container), context.RequestAborted);
        var settings = request.EndpointConfig;
        var endpoint = new EndpointRequest
        {
            Aliases = settings?.Aliases ?? [],
            Links = settings?.Links ?? [],
            IPv4Address = string.IsNullOrEmpty(settings?.IPAMConfig?.IPv4Address) ? null : settings.IPAMConfig.IPv4Address,
            IPv6Address = string.IsNullOrEmpty(settings?.IPAMConfig?.IPv6Address) ? null : settings.IPAMConfig.IPv6Address,
            MacAddress = string.IsNullOrEmpty(settings?.MacAddress) ? null : settings.MacAddress,
        };
        try
        {
            await containers.ConnectNetworkAsync(container.Id, network.Id, endpoint, context.RequestAborted);
        }
        catch (NotSupportedException)
        {
            await ErrorWriter.WriteAsync(context, StatusCodes.Status501NotImplemented,
                $"connecting a container to network {network.Name} is not implemented in Berth yet");
            return;
        }

        NetworkEvents.Publish(context.RequestServices.GetService<IEventSink>(), "connect", network, container.Id);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task DisconnectAsync(HttpContext context, string id, [FromServices] INetworkService networks)
    {
        var request = await JsonBody.ReadAsync(context, NetworkJsonContext.Default.NetworkDisconnectRequest)
            ?? throw EngineException.InvalidArgument("invalid JSON: got EOF while reading request body");
        var network = await networks.GetAsync(id, context.RequestAborted);
        if (context.RequestServices.GetService<IContainerService>() is not { } containers)
        {
            await ErrorWriter.WriteAsync(context, StatusCodes.Status501NotImplemented,
                "disconnecting a container from a network is not implemented in Berth yet: this daemon runs no containers");
            return;
        }

        var container = await containers.GetAsync(ContainerName(request.Container), context.RequestAborted);
        try
        {
            await containers.DisconnectNetworkAsync(container.Id, network.Id, request.Force, context.RequestAborted);
        }
        catch (NotSupportedException)
        {
            await networks.DisconnectAsync(network.Id, container.Id, context.RequestAborted);
        }

        NetworkEvents.Publish(context.RequestServices.GetService<IEventSink>(), "disconnect", network, container.Id);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static string ContainerName(string? container) =>
        string.IsNullOrEmpty(container) ? throw EngineException.InvalidArgument("no container specified") : container;
}
