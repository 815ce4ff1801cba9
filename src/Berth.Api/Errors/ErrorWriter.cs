using Berth.Api.Models;
using Microsoft.AspNetCore.Http;
using System.Text.Json;

namespace Berth.Api.Errors;

/// <summary>Writes Docker's error body {"message": "..."} with a status code.</summary>
internal static class ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        if (statusCode == StatusCodes.Status304NotModified)
        {
            return; // a 304 carries no body
        }

        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorResponse { Message = message },
            BerthJsonContext.Default.ErrorResponse, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
    }
}
