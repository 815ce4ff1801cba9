using Microsoft.Extensions.Logging;

namespace Berth.Daemon;

/// <summary>Source-generated log messages of the daemon host.</summary>
internal static partial class DaemonLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Starting berthd {Version} (data-root {DataRoot}, exec-root {ExecRoot})")]
    public static partial void Starting(ILogger logger, string version, string dataRoot, string execRoot);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "API listen on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Daemon shutdown complete")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Group {Group} not found and could not be created; {Path} stays root-only")]
    public static partial void NoSocketGroup(ILogger logger, string group, string path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Could not give {Path} to the berth group: {Message}")]
    public static partial void SocketChownFailed(ILogger logger, string path, string message);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "groupadd -r {Group} failed: {Message}")]
    public static partial void GroupAddFailed(ILogger logger, string group, string message);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Binding to {Address} exposes the Engine API without TLS: anyone who can reach it is root on this host")]
    public static partial void InsecureTcp(ILogger logger, string address);
}
