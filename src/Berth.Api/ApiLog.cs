using Microsoft.Extensions.Logging;

namespace Berth.Api;

/// <summary>Source-generated log messages of the API layer.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    public static partial void RequestFailed(ILogger logger, string method, string? path, Exception exception);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "{Method} {Path} rejected with {Status}: {Message}")]
    public static partial void RequestRejected(ILogger logger, string method, string? path, int status, string message);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Calling {Method} {Path}")]
    public static partial void Request(ILogger logger, string method, string? path);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Stream {Path} ended with an error: {Message}")]
    public static partial void StreamFailed(ILogger logger, string? path, string message);
}
