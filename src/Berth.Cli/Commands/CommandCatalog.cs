using Berth.Cli.Commands.Build;
using Berth.Cli.Commands.Containers;
using Berth.Cli.Commands.Images;
using Berth.Cli.Commands.Networks;
using Berth.Cli.Commands.System;
using Berth.Cli.Commands.Volumes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands;

/// <summary>Every command and the paths it answers to. New commands are added here.</summary>
internal static class CommandCatalog
{
    public static CommandRegistry Create()
    {
        var registry = new CommandRegistry();
        registry.AddGroup("image", "Manage images");
        registry.AddGroup("system", "Manage Berth");
        registry.AddGroup("container", "Manage containers");

        registry.Add(new VersionCommand(), "version");
        registry.Add(new InfoCommand(), "info", "system info");
        registry.Add(new DfCommand(), "system df");

        registry.Add(new ImagesCommand(), "images", "image ls", "image list");
        registry.Add(new ImageInspectCommand(), "image inspect");
        registry.Add(new InspectCommand(), "inspect");
        registry.Add(new HistoryCommand(), "history", "image history");
        registry.Add(new TagCommand(), "tag", "image tag");
        registry.Add(new RmiCommand(), "rmi", "image rm", "image remove");
        registry.Add(new ImagePruneCommand(), "image prune");
        registry.Add(new ImportCommand(), "import", "image import");
        registry.Add(new LoadCommand(), "load", "image load");
        registry.Add(new SaveCommand(), "save", "image save");
        ContainerCommands.Register(registry);
        registry.AddGroup("builder", "Manage builds");
        registry.Add(new BuildCommand(), "build", "image build", "builder build");
        registry.Add(new BuilderPruneCommand(), "builder prune");
        NetworkCommands.Register(registry);
        VolumeCommands.Register(registry);
        return registry;
    }
}
