using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Volumes;

/// <summary>The "volume ..." commands.</summary>
internal static class VolumeCommands
{
    public static void Register(CommandRegistry registry)
    {
        registry.AddGroup("volume", "Manage volumes");
        registry.Add(new VolumeCreateCommand(), "volume create");
        registry.Add(new VolumeLsCommand(), "volume ls", "volume list");
        registry.Add(new VolumeInspectCommand(), "volume inspect");
        registry.Add(new VolumeRmCommand(), "volume rm", "volume remove");
        registry.Add(new VolumePruneCommand(), "volume prune");
    }
}
