using Berth.Api.Models.Volumes;
using Berth.Api.Versioning;
using Berth.Api.Volumes;
using Berth.Core.Errors;
using Berth.Core.Events;
using Berth.Core.Volumes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Endpoints;

/// <summary>Volume endpoints that change state: create, remove, prune.</summary>
internal static partial class VolumeEndpoints
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    private static async Task<IResult> CreateAsync(HttpContext context, [FromServices] IVolumeService volumes)
    {
        var request = await JsonBody.ReadAsync(context, VolumeJsonContext.Default.VolumeCreateRequest)
            ?? throw EngineException.InvalidArgument("invalid JSON: got EOF while reading request body");
        var volume = await volumes.CreateAsync(request.Name, request.Driver, request.DriverOpts ?? None, request.Labels ?? None, context.RequestAborted);
        VolumeEvents.Publish(context.RequestServices.GetService<IEventSink>(), "create", volume.Name, volume.Driver);
        return Results.Json(VolumeProjection.Volume(volume), VolumeJsonContext.Default.VolumeResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, string name, [FromServices] IVolumeService volumes)
    {
        var force = QueryValues.Bool(context.Request, "force");
        // Only a volume that existed produces a destroy event; force on a missing one is a silent success.
        var existed = !force || await ExistsAsync(volumes, name, context.RequestAborted);
        await volumes.RemoveAsync(name, force, context.RequestAborted);
        if (existed)
        {
            VolumeEvents.Publish(context.RequestServices.GetService<IEventSink>(), "destroy", name);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> PruneAsync(HttpContext context, [FromServices] IVolumeService volumes)
    {
        var filters = QueryValues.Filters(context.Request);
        // Before API 1.42 prune removed every unused volume, not only anonymous ones.
        var all = ApiVersionMiddleware.Get(context) < new ApiVersion(1, 42);
        var report = await volumes.PruneAsync(filters, all, context.RequestAborted);
        var sink = context.RequestServices.GetService<IEventSink>();
        foreach (var name in report.VolumesDeleted)
        {
            VolumeEvents.Publish(sink, "destroy", name);
        }

        VolumeEvents.PublishPrune(sink, report.SpaceReclaimed);
        var body = new VolumePruneResponse
        {
            VolumesDeleted = report.VolumesDeleted.Count == 0 ? null : report.VolumesDeleted,
            SpaceReclaimed = report.SpaceReclaimed,
        };
        return Results.Json(body, VolumeJsonContext.Default.VolumePruneResponse);
    }

    private static async Task<bool> ExistsAsync(IVolumeService volumes, string name, CancellationToken cancellationToken)
    {
        try
        {
            await volumes.GetAsync(name, cancellationToken);
            return true;
        }
        catch (EngineException ex) when (ex.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }
}
