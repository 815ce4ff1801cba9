namespace Berth.Cli.Infrastructure;

/// <summary>pflag-style parsing: -aq, -f v, -fv, --flag v, --flag=v, --bool=false, repeatable lists, "--".</summary>
internal static class FlagParser
{
    public static ParsedArgs Parse(IReadOnlyList<string> args, IReadOnlyList<FlagSpec> flags, bool interspersed)
    {
        var result = new ParsedArgs();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                result.Positionals.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                if (!interspersed)
                {
                    result.Positionals.AddRange(args.Skip(i));
                    break;
                }

                result.Positionals.Add(arg);
                continue;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                i = ParseLong(args, i, flags, result);
            }
            else
            {
                i = ParseShorts(args, i, flags, result);
            }
        }

        return result;
    }

    private static int ParseLong(IReadOnlyList<string> args, int i, IReadOnlyList<FlagSpec> flags, ParsedArgs result)
    {
        var body = args[i][2..];
        var eq = body.IndexOf('=');
        var name = eq >= 0 ? body[..eq] : body;
        var flag = flags.FirstOrDefault(f => f.Name == name);
        if (flag is null)
        {
            if (name == "help")
            {
                result.HelpRequested = true;
                return i;
            }

            throw new UsageException($"unknown flag: --{name}", 125);
        }

        if (flag.Kind == FlagKind.Bool)
        {
            result.Add(flag.Name, eq >= 0 ? ParseBool(body[(eq + 1)..], "--" + name) : "true");
            return i;
        }

        if (eq >= 0)
        {
            result.Add(flag.Name, body[(eq + 1)..]);
            return i;
        }

        if (i + 1 >= args.Count)
        {
            throw new UsageException($"flag needs an argument: --{name}", 125);
        }

        result.Add(flag.Name, args[i + 1]);
        return i + 1;
    }

    private static int ParseShorts(IReadOnlyList<string> args, int i, IReadOnlyList<FlagSpec> flags, ParsedArgs result)
    {
        var shorts = args[i][1..];
        for (var j = 0; j < shorts.Length; j++)
        {
            var c = shorts[j];
            var flag = flags.FirstOrDefault(f => f.Short == c);
            if (flag is null)
            {
                if (c == 'h')
                {
                    result.HelpRequested = true;
                    continue;
                }

                throw new UsageException($"unknown shorthand flag: '{c}' in -{shorts}", 125);
            }

            if (flag.Kind == FlagKind.Bool)
            {
                if (j + 1 < shorts.Length && shorts[j + 1] == '=')
                {
                    result.Add(flag.Name, ParseBool(shorts[(j + 2)..], "-" + c));
                    return i;
                }

                result.Add(flag.Name, "true");
                continue;
            }

            var rest = shorts[(j + 1)..];
            if (rest.Length > 0)
            {
                result.Add(flag.Name, rest.StartsWith('=') ? rest[1..] : rest);
                return i;
            }

            if (i + 1 >= args.Count)
            {
                throw new UsageException($"flag needs an argument: '{c}' in -{c}", 125);
            }

            result.Add(flag.Name, args[i + 1]);
            return i + 1;
        }

        return i;
    }

    private static string ParseBool(string value, string flagName) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => "true",
        "0" or "f" or "F" or "false" or "FALSE" or "False" => "false",
        _ => throw new UsageException($"invalid argument \"{value}\" for \"{flagName}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax", 125),
    };
}
