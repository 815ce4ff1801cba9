using System.Globalization;
using Berth.Api.Hosting;
using Berth.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Berth.Daemon.Options;

/// <summary>Merges flags over daemon.json over defaults, refusing a setting given in both (as dockerd does).</summary>
internal static class OptionsResolver
{
    public const string DefaultConfigFile = "/etc/berth/daemon.json";
    public const string DefaultDataRoot = "/var/lib/berth";
    public const string DefaultExecRoot = "/run/berth";

    public static DaemonOptions Resolve(FlagValues flags)
    {
        var file = ConfigFile.Load(flags.ConfigFile ?? DefaultConfigFile, explicitlyGiven: flags.ConfigFile is not null);
        CheckConflicts(flags, file);

        var execRoot = Path.GetFullPath(flags.ExecRoot ?? file.GetString("exec-root") ?? DefaultExecRoot);
        var dataRoot = Path.GetFullPath(flags.DataRoot ?? file.GetString("data-root") ?? DefaultDataRoot);
        var hostTexts = flags.Hosts.Count > 0 ? flags.Hosts : file.GetStrings("hosts") ?? [];
        var hosts = hostTexts.Count > 0
            ? hostTexts.Select(ParseHost).ToArray()
            : [ListenAddress.Unix(Path.Combine(DefaultExecRoot, "berth.sock"))];
        var debug = flags.Debug ?? file.GetBool("debug") ?? false;
        var levelText = flags.LogLevel ?? file.GetString("log-level");
        var level = levelText is null ? (debug ? LogLevel.Debug : LogLevel.Information) : ParseLevel(levelText);
        var pidFile = Path.GetFullPath(flags.PidFile ?? file.GetString("pidfile") ?? Path.Combine(execRoot, "berthd.pid"));
        return new DaemonOptions(hosts, dataRoot, execRoot, pidFile, level, debug);
    }

    private static void CheckConflicts(FlagValues flags, ConfigFile file)
    {
        var conflicts = new List<string>();
        void Check(string key, object? flagValue)
        {
            if (flagValue is not null && file.Values.TryGetValue(key, out var fileValue))
            {
                conflicts.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: (from flag: {Show(flagValue)}, from file: {fileValue.GetRawText()})"));
            }
        }

        Check("hosts", flags.Hosts.Count > 0 ? flags.Hosts : null);
        Check("data-root", flags.DataRoot);
        Check("exec-root", flags.ExecRoot);
        Check("log-level", flags.LogLevel);
        Check("pidfile", flags.PidFile);
        Check("debug", flags.Debug);
        if (conflicts.Count > 0)
        {
            throw ConfigFile.Error(file.Path,
                "the following directives are specified both as a flag and in the configuration file: " + string.Join(", ", conflicts));
        }
    }

    private static string Show(object value) => value switch
    {
        List<string> list => "[" + string.Join(" ", list) + "]",
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? "",
    };

    private static ListenAddress ParseHost(string text)
    {
        try
        {
            return ListenAddress.Parse(text);
        }
        catch (EngineException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static LogLevel ParseLevel(string text) => text.ToLowerInvariant() switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Information,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "fatal" => LogLevel.Critical,
        _ => throw new UsageException($"unable to parse logging level: {text} (valid: debug, info, warn, error, fatal)"),
    };
}
