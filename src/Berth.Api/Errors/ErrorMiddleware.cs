using System.Text.Json;
using Berth.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Berth.Api.Errors;

/// <summary>
/// Turns every failure into Docker's {"message": ...} body with the right status, and a method
/// that no route serves into Docker's 404 "page not found". Stack traces go to the log only.
/// </summary>
internal sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed && !context.Response.HasStarted)
            {
                await ErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, "page not found");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to tell.
        }
        catch (Exception ex)
        {
            var (status, message) = Describe(ex);
            if (status >= 500)
            {
                ApiLog.RequestFailed(logger, context.Request.Method, context.Request.Path, ex);
            }
            else
            {
                ApiLog.RequestRejected(logger, context.Request.Method, context.Request.Path, status, message);
            }

            if (context.Response.HasStarted)
            {
                // Streams report their own errors in-band; here the connection can only be cut short.
                context.Abort();
                return;
            }

            await ErrorWriter.WriteAsync(context, status, message);
        }
    }

    private static (int Status, string Message) Describe(Exception ex) => ex switch
    {
        EngineException engine => (ErrorStatus.For(engine.Kind), engine.Message),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        JsonException json => (StatusCodes.Status400BadRequest, "invalid JSON: " + json.Message),
        _ => (StatusCodes.Status500InternalServerError, ex.Message),
    };
}
