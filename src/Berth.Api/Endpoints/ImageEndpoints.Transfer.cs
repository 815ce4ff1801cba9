using System.Threading.Channels;
using Berth.Api.Errors;
using Berth.Api.Models;
using Berth.Api.Streaming;
using Berth.Core.Errors;
using Berth.Core.Images;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Endpoints;

/// <summary>Image endpoints that move archives: create (import; pull later), load, save.</summary>
internal static partial class ImageEndpoints
{
    private static async Task CreateAsync(HttpContext context, [FromServices] IImageService images, [FromServices] IHttpClientFactory httpClients)
    {
        var request = context.Request;
        var fromImage = QueryValues.String(request, "fromImage");
        var fromSrc = QueryValues.String(request, "fromSrc");
        if (fromImage is not null)
        {
            await ErrorWriter.WriteAsync(context, StatusCodes.Status501NotImplemented,
                $"pulling images is not supported by berthd yet (requested {fromImage}); use docker load or docker import");
            return;
        }

        if (fromSrc is null)
        {
            throw EngineException.InvalidArgument("either fromImage or fromSrc must be given");
        }

        var options = new ImportOptions(
            QueryValues.String(request, "repo"),
            QueryValues.String(request, "tag"),
            QueryValues.All(request, "changes"),
            QueryValues.String(request, "message"),
            QueryValues.String(request, "platform"));

        ImageDetails image;
        if (fromSrc == "-")
        {
            image = await images.ImportAsync(request.Body, options, context.RequestAborted);
            await DrainAsync(request.Body, context.RequestAborted);
        }
        else
        {
            await using var source = await OpenUrlAsync(httpClients, fromSrc, context.RequestAborted);
            image = await images.ImportAsync(source, options, context.RequestAborted);
        }

        await new JsonMessageStream(context).WriteAsync(new JsonMessage { Status = image.Id }, context.RequestAborted);
    }

    private static async Task<Stream> OpenUrlAsync(IHttpClientFactory httpClients, string url, CancellationToken cancellationToken)
    {
        // dockerd treats a scheme-less fromSrc as http://.
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw EngineException.InvalidArgument($"invalid fromSrc URL \"{url}\"");
        }

        var response = await httpClients.CreateClient("import").GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw EngineException.InvalidArgument($"failed to download {uri}: {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private static async Task LoadAsync(HttpContext context, [FromServices] IImageService images)
    {
        var output = new JsonMessageStream(context);
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var load = RunLoadAsync(images, context.Request.Body, lines.Writer, context.RequestAborted);

        // Progress lines are relayed as they come, each flushed, while the load runs.
        await foreach (var line in lines.Reader.ReadAllAsync(context.RequestAborted))
        {
            await output.WriteAsync(new JsonMessage { Stream = line.EndsWith('\n') ? line : line + "\n" }, context.RequestAborted);
        }

        try
        {
            await load;
        }
        catch (Exception ex) when (output.Started && ex is not OperationCanceledException)
        {
            await output.WriteErrorAsync(ex.Message, context.RequestAborted);
            return;
        }

        if (!output.Started)
        {
            // An archive with nothing in it still answers with a (empty) JSON stream.
            StreamingResponse.DisableBuffering(context);
            context.Response.ContentType = "application/json";
        }
    }

    private static async Task RunLoadAsync(IImageService images, Stream archive, ChannelWriter<string> lines, CancellationToken cancellationToken)
    {
        try
        {
            await images.LoadAsync(archive, line => lines.TryWrite(line), cancellationToken);
            await DrainAsync(archive, cancellationToken);
        }
        finally
        {
            lines.TryComplete();
        }
    }

    /// <summary>
    /// Reads what the archive reader left (tar end-of-archive padding): answering before the client
    /// has finished sending makes Kestrel close the connection under it ("broken pipe" in
    /// `docker save x | docker load`).
    /// </summary>
    private static Task DrainAsync(Stream body, CancellationToken cancellationToken) =>
        body.CopyToAsync(Stream.Null, cancellationToken);

    private static Task SaveManyAsync(HttpContext context, [FromServices] IImageService images) =>
        SaveAsync(context, images, QueryValues.All(context.Request, "names"));

    private static Task SaveOneAsync(HttpContext context, string name) =>
        SaveAsync(context, context.RequestServices.GetRequiredService<IImageService>(), [name]);

    private static async Task SaveAsync(HttpContext context, IImageService images, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            throw EngineException.InvalidArgument("no image names given (names=)");
        }

        // Nothing reaches the client before the first archive byte, so "No such image" still gets its 404.
        StreamingResponse.DisableBuffering(context);
        context.Response.ContentType = "application/x-tar";
        await images.SaveAsync(names, context.Response.Body, context.RequestAborted);
    }
}
