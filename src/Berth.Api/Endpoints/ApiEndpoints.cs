using Berth.Api.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Berth.Api.Endpoints;

/// <summary>Every endpoint group, one file per resource. A new group adds one line here.</summary>
internal static class ApiEndpoints
{
    public static void MapAll(IEndpointRouteBuilder app)
    {
        SystemEndpoints.Map(app);
        EventEndpoints.Map(app);
        ImageEndpoints.Map(app);
        ContainerEndpoints.Map(app);
        ContainerFilesystemEndpoints.Map(app);
        ExecEndpoints.Map(app);
        NetworkEndpoints.Map(app);
        VolumeEndpoints.Map(app);
        BuildEndpoints.Map(app);

        // Anything else, including a known path with a method it does not serve, is Docker's 404.
        app.MapFallback("{**path}", context =>
            ErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, "page not found"));
    }
}
