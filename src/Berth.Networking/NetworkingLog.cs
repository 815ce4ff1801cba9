using Microsoft.Extensions.Logging;

namespace Berth.Networking;

/// <summary>Log messages of the networking engine.</summary>
internal static partial class NetworkingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "network {Name} ({Bridge}, {Subnet}) recreated its bridge")]
    public static partial void BridgeRecreated(ILogger logger, string name, string bridge, string subnet);

    [LoggerMessage(Level = LogLevel.Information, Message = "dropped {Count} stale endpoints whose network namespace is gone")]
    public static partial void StaleEndpoints(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "embedded DNS for network {Name} could not listen on {Address}")]
    public static partial void DnsFailed(ILogger logger, Exception exception, string name, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not remove link {Name}")]
    public static partial void LinkRemovalFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not move the default route of container {ContainerId} to network {Network}")]
    public static partial void RouteMoveFailed(ILogger logger, Exception exception, string containerId, string network);

    [LoggerMessage(Level = LogLevel.Warning, Message = "userland proxy for {Binding} could not be restored")]
    public static partial void ProxyRestoreFailed(ILogger logger, Exception exception, string binding);
}
