using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

/// <summary>Declares and parses an instruction's <c>--flags</c> (BuildKit's BFlags semantics).</summary>
internal sealed class BuildFlags(IReadOnlyList<string> args)
{
    private readonly Dictionary<string, Flag> _flags = new(StringComparer.Ordinal);

    public Flag AddBool(string name) => Add(name, FlagType.Bool);

    public Flag AddString(string name, string def = "")
    {
        var f = Add(name, FlagType.String);
        f.Value = def;
        return f;
    }

    public Flag AddStrings(string name) => Add(name, FlagType.Strings);

    public void Parse()
    {
        foreach (var raw in args)
        {
            if (!raw.StartsWith("--", StringComparison.Ordinal))
            {
                throw new DockerfileException($"arg should start with -- : {raw}");
            }
            if (raw == "--")
            {
                return;
            }
            var arg = raw[2..];
            var value = "";
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            if (!_flags.TryGetValue(arg, out var flag))
            {
                throw new DockerfileException(Suggest.Wrap($"unknown flag: {arg}", arg, _flags.Keys));
            }
            if (flag.Used && flag.Type != FlagType.Strings)
            {
                throw new DockerfileException($"duplicate flag specified: {arg}");
            }
            flag.Used = true;
            switch (flag.Type)
            {
                case FlagType.Bool:
                    if (eq >= 0 && value.Length == 0)
                    {
                        throw new DockerfileException($"missing a value on flag: {arg}");
                    }
                    var lower = value.ToLowerInvariant();
                    flag.Value = lower switch
                    {
                        "" => "true",
                        "true" or "false" => lower,
                        _ => throw new DockerfileException($"expecting boolean value for flag {arg}, not: {value}"),
                    };
                    break;
                case FlagType.String:
                    if (eq < 0)
                    {
                        throw new DockerfileException($"missing a value on flag: {arg}");
                    }
                    flag.Value = value;
                    break;
                default:
                    if (eq < 0)
                    {
                        throw new DockerfileException($"missing a value on flag: {arg}");
                    }
                    flag.Values.Add(value);
                    break;
            }
        }
    }

    private Flag Add(string name, FlagType type)
    {
        var flag = new Flag(type);
        _flags.Add(name, flag);
        return flag;
    }

    internal enum FlagType
    {
        Bool,
        String,
        Strings,
    }

    internal sealed class Flag(FlagType type)
    {
        public FlagType Type { get; } = type;

        public string Value { get; set; } = "";

        public List<string> Values { get; } = [];

        public bool Used { get; set; }

        public bool IsTrue => Value == "true";

        public bool? OptionalBool => Used ? IsTrue : null;
    }
}
