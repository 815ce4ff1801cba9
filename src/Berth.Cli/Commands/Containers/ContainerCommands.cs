using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

/// <summary>The container commands at their top-level and "container ..." paths.</summary>
internal static class ContainerCommands
{
    public static void Register(CommandRegistry registry)
    {
        registry.Add(new RunCommand(), "run", "container run");
        registry.Add(new CreateCommand(), "create", "container create");
        registry.Add(new StartCommand(), "start", "container start");
        registry.Add(new StopCommand("stop"), "stop", "container stop");
        registry.Add(new StopCommand("restart"), "restart", "container restart");
        registry.Add(SimpleActionCommand.Kill(), "kill", "container kill");
        registry.Add(SimpleActionCommand.Pause(), "pause", "container pause");
        registry.Add(SimpleActionCommand.Unpause(), "unpause", "container unpause");
        registry.Add(new WaitCommand(), "wait", "container wait");
        registry.Add(new RmCommand(), "rm", "container rm", "container remove");
        registry.Add(new RenameCommand(), "rename", "container rename");
        registry.Add(new PsCommand(), "ps", "container ls", "container list", "container ps");
        registry.Add(new ContainerInspectCommand(), "container inspect");
        registry.Add(new LogsCommand(), "logs", "container logs");
        registry.Add(new AttachCommand(), "attach", "container attach");
        registry.Add(new ExecCommand(), "exec", "container exec");
        registry.Add(new TopCommand(), "top", "container top");
        registry.Add(new PortCommand(), "port", "container port");
        registry.Add(new StatsCommand(), "stats", "container stats");
        registry.Add(FilteredPruneCommand.Containers(), "container prune");
        registry.Add(new CpCommand(), "cp", "container cp");
        registry.Add(new DiffCommand(), "diff", "container diff");
        registry.Add(new ExportCommand(), "export", "container export");
        registry.Add(new CommitCommand(), "commit", "container commit");
        registry.Add(new EventsCommand(), "events", "system events");
    }
}
