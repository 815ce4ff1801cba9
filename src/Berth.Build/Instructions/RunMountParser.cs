using System.Globalization;
using System.Text;
using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

/// <summary>Parses a <c>--mount</c> value (CSV of key=value), BuildKit's rules and messages.</summary>
public static class RunMountParser
{
    private static readonly string[] AllKeys =
    [
        "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid",
        "src", "dst", "destination", "ro", "rw", "readwrite", "env",
    ];

    /// <param name="value">The text after <c>--mount=</c>.</param>
    /// <param name="expand">Expands option values (ARG/ENV); null keeps them literal.</param>
    public static RunMount Parse(string value, Func<string, string>? expand = null)
    {
        var m = new RunMount();
        var roAuto = true;
        foreach (var field in SplitCsv(value))
        {
            var eq = field.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? field : field[..eq]).ToLowerInvariant();
            if (eq < 0)
            {
                switch (key)
                {
                    case "readonly" or "ro":
                        m = m with { ReadOnly = true };
                        roAuto = false;
                        continue;
                    case "readwrite" or "rw":
                        m = m with { ReadOnly = false };
                        roAuto = false;
                        continue;
                    case "required" when m.Type is MountTypes.Secret or MountTypes.Ssh:
                        m = m with { Required = true };
                        continue;
                    case "required":
                        throw Error($"unexpected key '{key}' for mount type '{m.Type}'");
                }
                throw Error($"invalid field '{field}' must be a key=value pair");
            }
            var v = field[(eq + 1)..];
            if (expand is not null)
            {
                v = expand(v);
            }
            switch (key)
            {
                case "type":
                    var type = v.ToLowerInvariant();
                    if (!MountTypes.All.Contains(type))
                    {
                        throw Error(Suggest.Wrap($"unsupported mount type \"{v}\"", v, MountTypes.All));
                    }
                    m = m with { Type = type };
                    break;
                case "from":
                    m = m with { From = v };
                    break;
                case "source" or "src":
                    m = m with { Source = v };
                    break;
                case "target" or "dst" or "destination":
                    m = m with { Target = v };
                    break;
                case "readonly" or "ro":
                    m = m with { ReadOnly = ParseBool(key, v) };
                    roAuto = false;
                    break;
                case "readwrite" or "rw":
                    m = m with { ReadOnly = !ParseBool(key, v) };
                    roAuto = false;
                    break;
                case "required":
                    if (m.Type is not (MountTypes.Secret or MountTypes.Ssh))
                    {
                        throw Error($"unexpected key '{key}' for mount type '{m.Type}'");
                    }
                    m = m with { Required = ParseBool(key, v) };
                    break;
                case "id":
                    m = m with { Id = v };
                    break;
                case "sharing":
                    var sharing = v.ToLowerInvariant();
                    if (sharing is not ("shared" or "private" or "locked"))
                    {
                        throw Error($"unsupported sharing value \"{v}\"");
                    }
                    m = m with { Sharing = sharing };
                    break;
                case "size":
                    if (m.Type != MountTypes.Tmpfs)
                    {
                        throw Error($"unexpected key '{key}' for mount type '{m.Type}'");
                    }
                    m = m with { SizeLimit = ParseSize(v) };
                    break;
                case "mode":
                    m = m with { Mode = ParseUInt(v, 8, "mode") };
                    break;
                case "uid":
                    m = m with { Uid = ParseUInt(v, 10, "uid") };
                    break;
                case "gid":
                    m = m with { Gid = ParseUInt(v, 10, "gid") };
                    break;
                case "env":
                    if (m.Type != MountTypes.Secret)
                    {
                        throw Error($"unexpected key '{key}' for mount type '{m.Type}'");
                    }
                    m = m with { Env = v };
                    break;
                default:
                    throw Error(Suggest.Wrap($"unexpected key '{key}' in '{field}'", key, AllKeys));
            }
        }
        return Validate(m, roAuto);
    }

    private static RunMount Validate(RunMount m, bool roAuto)
    {
        var fileInfoAllowed = m.Type is MountTypes.Secret or MountTypes.Ssh or MountTypes.Cache;
        if (m.Mode is not null && !fileInfoAllowed)
        {
            throw Error($"mode not allowed for \"{m.Type}\" type mounts");
        }
        if (m.Uid is not null && !fileInfoAllowed)
        {
            throw Error($"uid not allowed for \"{m.Type}\" type mounts");
        }
        if (m.Gid is not null && !fileInfoAllowed)
        {
            throw Error($"gid not allowed for \"{m.Type}\" type mounts");
        }
        if (roAuto)
        {
            m = m with { ReadOnly = m.Type is not (MountTypes.Cache or MountTypes.Tmpfs) };
        }
        if (m.Sharing.Length > 0 && m.Type != MountTypes.Cache)
        {
            throw Error($"invalid cache sharing set for {m.Type} mount");
        }
        if (m.Type == MountTypes.Secret)
        {
            if (m.From.Length > 0)
            {
                throw Error("secret mount should not have a from");
            }
            if (m.Source.Length == 0 && m.Target.Length == 0 && m.Id.Length == 0 && m.Env.Length == 0)
            {
                throw Error("invalid secret mount. one of source, target required");
            }
            if (m.Source.Length > 0 && m.Id.Length > 0)
            {
                throw Error("both source and id can't be set");
            }
        }
        if (m.Type == MountTypes.Ssh && m.Source.Length > 0)
        {
            throw Error("ssh does not support source");
        }
        if (m.Type is MountTypes.Bind or MountTypes.Cache or MountTypes.Tmpfs && m.Target.Length == 0)
        {
            throw Error("mount destination is required");
        }
        return m;
    }

    private static bool ParseBool(string key, string v) => v.ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw Error($"invalid value for {key}: {v}"),
    };

    private static uint ParseUInt(string v, int radix, string what)
    {
        try
        {
            return Convert.ToUInt32(v, radix);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw Error($"invalid value {v} for {what}");
        }
    }

    // go-units RAMInBytes: binary multiples, optional trailing "b".
    private static long ParseSize(string v)
    {
        var s = v.Trim().ToLowerInvariant();
        if (s.EndsWith('b'))
        {
            s = s[..^1];
        }
        long mult = 1;
        if (s.Length > 0 && "kmgtp".Contains(s[^1], StringComparison.Ordinal))
        {
            mult = s[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, 't' => 1L << 40, _ => 1L << 50 };
            s = s[..^1];
        }
        if (!decimal.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            throw Error($"invalid size: '{v}'");
        }
        return (long)(n * mult);
    }

    // encoding/csv for a single record: fields split on ',', "..." quoting with "" as a literal quote.
    private static List<string> SplitCsv(string value)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var i = 0;
        while (true)
        {
            sb.Clear();
            if (i < value.Length && value[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= value.Length)
                    {
                        throw Error("failed to parse csv mounts: extraneous or missing \" in quoted-field");
                    }
                    if (value[i] == '"')
                    {
                        if (i + 1 < value.Length && value[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.Append(value[i++]);
                }
                if (i < value.Length && value[i] != ',')
                {
                    throw Error("failed to parse csv mounts: extraneous or missing \" in quoted-field");
                }
            }
            else
            {
                while (i < value.Length && value[i] != ',')
                {
                    sb.Append(value[i++]);
                }
            }
            fields.Add(sb.ToString());
            if (i >= value.Length)
            {
                return fields;
            }
            i++; // skip ','
        }
    }

    private static DockerfileException Error(string message) => new(message);
}
