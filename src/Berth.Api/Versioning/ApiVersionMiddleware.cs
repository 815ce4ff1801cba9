using Berth.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Berth.Api.Versioning;

/// <summary>
/// Strips an optional "/v1.xx" prefix so each endpoint is mapped once, rejects versions outside
/// [Minimum, Current] with Docker's wording, decodes escaped slashes in image names, remembers the version for the endpoint, and stamps
/// the Server and Api-Version headers every response carries.
/// </summary>
internal sealed class ApiVersionMiddleware(RequestDelegate next)
{
    private const string ItemKey = "berth.api-version";

    public static ApiVersion Get(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is ApiVersion version ? version : ApiVersion.Current;

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.Server = $"Berth/{BerthVersion.Version} (linux)";
        headers["Api-Version"] = ApiVersion.Current.ToString();

        var path = context.Request.Path.Value ?? "";
        if (path.Contains("%2F", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel leaves an encoded slash encoded; clients that escape image names
            // ("example.com%2Fteam%2Fapp") mean the name with slashes, which the catch-all routes take.
            path = path.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
            context.Request.Path = path;
        }

        if (path.Length > 2 && path[0] == '/' && path[1] == 'v' && char.IsAsciiDigit(path[2]))
        {
            var end = path.IndexOf('/', 1);
            var segment = end < 0 ? path.AsSpan(2) : path.AsSpan(2, end - 2);
            if (ApiVersion.TryParse(segment, out var version))
            {
                if (version > ApiVersion.Current)
                {
                    return ErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest,
                        $"client version {version} is too new. Maximum supported API version is {ApiVersion.Current}");
                }

                if (version < ApiVersion.Minimum)
                {
                    return ErrorWriter.WriteAsync(context, StatusCodes.Status400BadRequest,
                        $"client version {version} is too old. Minimum supported API version is {ApiVersion.Minimum}, please upgrade your client to a newer version");
                }

                context.Items[ItemKey] = version;
                context.Request.PathBase = context.Request.PathBase.Add(path[..(end < 0 ? path.Length : end)]);
                context.Request.Path = end < 0 ? "/" : path[end..];
            }
        }

        return next(context);
    }
}
