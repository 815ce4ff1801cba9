namespace Berth.Daemon.Options;

/// <summary>
/// dockerd-style flags: "-H x", "-H=x", "--host x", "--host=x"; booleans as "-D", "--debug",
/// "--debug=false". Small by design: berthd has a handful of flags.
/// </summary>
internal static class FlagParser
{
    public static FlagValues Parse(IReadOnlyList<string> args)
    {
        var flags = new FlagValues();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-" || arg == "--")
            {
                throw new UsageException($"berthd does not take arguments, got \"{arg}\"\nSee 'berthd --help'.");
            }

            var eq = arg.IndexOf('=');
            var name = eq < 0 ? arg : arg[..eq];
            var inline = eq < 0 ? null : arg[(eq + 1)..];

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"flag needs an argument: {name}\nSee 'berthd --help'.");
                }

                return args[++i];
            }

            bool Switch() => inline is null || ParseBool(name, inline);

            switch (name)
            {
                case "-H" or "--host": flags.Hosts.Add(Value()); break;
                case "--data-root": flags.DataRoot = NonEmpty(name, Value()); break;
                case "--exec-root": flags.ExecRoot = NonEmpty(name, Value()); break;
                case "--config-file": flags.ConfigFile = NonEmpty(name, Value()); break;
                case "-l" or "--log-level": flags.LogLevel = Value(); break;
                case "--pidfile" or "-p": flags.PidFile = NonEmpty(name, Value()); break;
                case "-D" or "--debug": flags.Debug = Switch(); break;
                case "-v" or "--version": flags.ShowVersion = Switch(); break;
                case "-h" or "--help": flags.ShowHelp = Switch(); break;
                default: throw new UsageException($"unknown flag: {name}\nSee 'berthd --help'.");
            }
        }

        return flags;
    }

    public static bool ParseBool(string name, string value) => value.ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw new UsageException($"invalid argument \"{value}\" for \"{name}\" flag: expected true or false"),
    };

    private static string NonEmpty(string name, string value) =>
        value.Length == 0 ? throw new UsageException($"flag {name} needs a non-empty value") : value;
}
