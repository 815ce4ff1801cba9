using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Networks;

/// <summary>The "network ..." commands (docker has no top-level shortcuts for them).</summary>
internal static class NetworkCommands
{
    public static void Register(CommandRegistry registry)
    {
        registry.AddGroup("network", "Manage networks");
        registry.Add(new NetworkCreateCommand(), "network create");
        registry.Add(new NetworkLsCommand(), "network ls", "network list");
        registry.Add(new NetworkInspectCommand(), "network inspect");
        registry.Add(new NetworkRmCommand(), "network rm", "network remove");
        registry.Add(FilteredPruneCommand.Networks(), "network prune");
        registry.Add(new NetworkConnectCommand(), "network connect");
        registry.Add(new NetworkDisconnectCommand(), "network disconnect");
    }
}
