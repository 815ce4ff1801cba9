namespace Berth.Daemon.Options;

/// <summary>What was given on the command line; null means "not given" so daemon.json may set it.</summary>
internal sealed class FlagValues
{
    public List<string> Hosts { get; } = [];
    public string? DataRoot { get; set; }
    public string? ExecRoot { get; set; }
    public string? ConfigFile { get; set; }
    public string? LogLevel { get; set; }
    public bool? Debug { get; set; }
    public string? PidFile { get; set; }
    public bool ShowVersion { get; set; }
    public bool ShowHelp { get; set; }
}
