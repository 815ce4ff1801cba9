using Berth.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Errors;

/// <summary>The one place where engine error kinds become HTTP status codes.</summary>
internal static class ErrorStatus
{
    public static int For(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCodes.Status400BadRequest,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.NotModified => StatusCodes.Status304NotModified,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
