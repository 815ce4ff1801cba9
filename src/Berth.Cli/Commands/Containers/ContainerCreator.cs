using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// docker's createContainer: POST /containers/create; when the image is missing, "Unable to find
/// image" and a pull (progress on stderr), then one more try.
/// </summary>
internal static class ContainerCreator
{
    public static async Task<string> CreateAsync(CommandContext context, ContainerRequest request, CancellationToken cancellationToken)
    {
        ImageName.Validate(request.Image);
        var query = new EngineQuery().AddIfNotEmpty("name", request.Name).AddIfNotEmpty("platform", request.Platform);
        JsonNode? created;
        try
        {
            created = await context.Client.PostJsonAsync("/containers/create", query, request.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineApiException ex) when (ex.StatusCode == 404 && ex.Message.StartsWith("No such image", StringComparison.Ordinal))
        {
            var tagged = ImageName.WithDefaultTag(request.Image);
            context.Err.Write($"Unable to find image '{tagged}' locally\n");
            await PullAsync(context, tagged, request.Platform, cancellationToken).ConfigureAwait(false);
            created = await context.Client.PostJsonAsync("/containers/create", query, request.Body, cancellationToken).ConfigureAwait(false);
        }

        foreach (var warning in created?["Warnings"] as JsonArray ?? [])
        {
            context.Err.Write($"WARNING: {(string?)warning}\n");
        }

        return (string?)created?["Id"] ?? throw new StatusException("berth: the daemon returned no container ID", 125);
    }

    private static async Task PullAsync(CommandContext context, string reference, string? platform, CancellationToken cancellationToken)
    {
        var (repository, tag) = Formatting.ImageReference.SplitTag(reference);
        var query = new EngineQuery().Add("fromImage", repository).AddIfNotEmpty("tag", tag).AddIfNotEmpty("platform", platform);
        using var response = await context.Client.SendAsync(new EngineRequest("POST", "/images/create", query), cancellationToken).ConfigureAwait(false);
        await JsonMessagePrinter.PrintAsync(response, context.Err, cancellationToken).ConfigureAwait(false);
    }
}
