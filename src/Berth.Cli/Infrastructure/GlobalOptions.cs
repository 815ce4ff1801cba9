namespace Berth.Cli.Infrastructure;

/// <summary>Flags accepted before the command name.</summary>
internal static class GlobalOptions
{
    public static readonly IReadOnlyList<FlagSpec> Flags =
    [
        FlagSpec.String("config", null, "Location of client config files (ignored)"),
        FlagSpec.String("context", 'c', "Name of the context to use (ignored)"),
        FlagSpec.Bool("debug", 'D', "Enable debug mode"),
        FlagSpec.List("host", 'H', "Daemon socket to connect to"),
        FlagSpec.String("log-level", 'l', "Set the logging level (\"debug\", \"info\", \"warn\", \"error\", \"fatal\")", "string", "info"),
        FlagSpec.Bool("version", 'v', "Print version information and quit"),
    ];
}
