using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

internal static partial class ContainerRequestBuilder
{
    private static readonly string[] s_namespacedSysctls =
        ["kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced"];

    /// <summary>
    /// opts.go parseSecurityOpts then parseSystemPaths: "key=value" (or "key:value"), a seccomp
    /// profile path sent as its compacted JSON, and systempaths=unconfined turned into empty
    /// masked/read-only path lists. Null when the flag is absent; [] when every entry was consumed.
    /// </summary>
    private static (JsonArray? Options, bool UnconfinedPaths) ParseSecurityOpts(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return (null, false);
        }

        var options = new JsonArray();
        var unconfinedPaths = false;
        foreach (var option in values)
        {
            var sep = option.IndexOf('=');
            if (sep < 0 && option != "no-new-privileges")
            {
                sep = option.IndexOf(':');
            }

            var key = sep < 0 ? option : option[..sep];
            var value = sep < 0 ? string.Empty : option[(sep + 1)..];
            if (value.Length == 0 && key != "no-new-privileges")
            {
                throw new ContainerOptionException($"Invalid --security-opt: \"{option}\"");
            }

            if (option == "systempaths=unconfined")
            {
                unconfinedPaths = true;
                continue;
            }

            options.Add((JsonNode)JsonValue.Create(key == "seccomp" && value is not ("builtin" or "unconfined") ? "seccomp=" + ReadSeccompProfile(value) : option));
        }

        return (options, unconfinedPaths);
    }

    private static string ReadSeccompProfile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : ex.Message;
            throw new ContainerOptionException($"opening seccomp profile ({path}) failed: open {path}: {reason}");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ContainerOptionException($"compacting json for seccomp profile ({path}) failed: {ex.Message}");
        }

        return CompactJson(text);
    }

    /// <summary>json.Compact: drops insignificant whitespace and leaves everything else as written.</summary>
    private static string CompactJson(string json)
    {
        var builder = new StringBuilder(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                builder.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    builder.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
                builder.Append(c);
            }
            else if (c is not (' ' or '\t' or '\n' or '\r'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>opts.ValidateSysctl: IPC-namespaced kernel.* keys and the net.* and fs.mqueue.* trees.</summary>
    private static KeyValuePair<string, string> ParseSysctl(string value)
    {
        var eq = value.IndexOf('=');
        var key = eq < 0 ? value : value[..eq];
        if (eq < 0 || !(s_namespacedSysctls.Contains(key) || key.StartsWith("net.", StringComparison.Ordinal) || key.StartsWith("fs.mqueue.", StringComparison.Ordinal)))
        {
            throw new FormatException($"sysctl '{value}' is not allowed");
        }

        return new(key, value[(eq + 1)..]);
    }

    /// <summary>opts.go validateDevice (validateLinuxPath) then parseLinuxDevice: host[:container][:permissions].</summary>
    private static JsonObject ParseDevice(string value)
    {
        if (value.Count(c => c == ':') > 2 || value.Split(':')[0].Length == 0)
        {
            throw new ContainerOptionException($"bad format for path: {value}");
        }

        var parts = value.Split(':');
        string host;
        string container;
        var permissions = "rwm";
        switch (parts.Length)
        {
            case 1:
                host = container = GoPath.Clean(parts[0]);
                break;
            case 2 when IsDeviceMode(parts[1]):
                host = container = GoPath.Clean(parts[0]);
                permissions = parts[1];
                break;
            case 2:
                host = parts[0];
                container = GoPath.Clean(parts[1]);
                break;
            default:
                if (!IsDeviceMode(parts[2]))
                {
                    throw new ContainerOptionException($"bad mode specified: {parts[2]}");
                }

                (host, container, permissions) = (parts[0], parts[1], parts[2]);
                break;
        }

        if (!container.StartsWith('/'))
        {
            throw new ContainerOptionException($"{container} is not an absolute path");
        }

        return new JsonObject { ["PathOnHost"] = host, ["PathInContainer"] = container, ["CgroupPermissions"] = permissions };
    }

    /// <summary>validDeviceMode: a non-empty set of r, w and m, each at most once.</summary>
    private static bool IsDeviceMode(string mode) =>
        mode.Length > 0 && mode.All(c => c is 'r' or 'w' or 'm') && mode.Distinct().Count() == mode.Length;
}
