using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

/// <summary>
/// docker's cli/command/container/opts.go parse(): flags into the ContainerCreateRequest JSON with
/// the same fields, order and defaults the docker CLI sends.
/// </summary>
internal static partial class ContainerRequestBuilder
{
    private static readonly string[] s_ulimitNames =
        ["core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"];

    /// <param name="detach">run -d: nothing is attached.</param>
    /// <param name="consoleSize">The terminal size for a TTY container, when stdout is a terminal.</param>
    public static ContainerRequest Build(ParsedArgs args, bool detach, Func<string, string?> environment, (int Rows, int Columns)? consoleSize)
    {
        var image = args.Positionals[0];
        var command = args.Positionals.Skip(1).ToList();
        var attach = ParseAttach(args.List("attach"));
        var attachStdin = attach.Contains("stdin") || args.Bool("interactive");
        var attachStdout = attach.Count == 0 || attach.Contains("stdout");
        var attachStderr = attach.Count == 0 || attach.Contains("stderr");
        var openStdin = args.Bool("interactive");
        if (detach)
        {
            attachStdin = attachStdout = attachStderr = false;
        }

        var ports = new PortSpecs();
        foreach (var spec in args.List("expose"))
        {
            Flag(args, "expose", spec, () => ports.AddExpose(spec));
        }

        var portErrorsDeferred = new List<string>();
        foreach (var spec in args.List("publish"))
        {
            try
            {
                ports.AddPublish(spec);
            }
            catch (FormatException ex)
            {
                portErrorsDeferred.Add(ex.Message);
            }
        }

        if (portErrorsDeferred.Count > 0)
        {
            throw new ContainerOptionException(portErrorsDeferred[0]);
        }

        var env = new List<string>();
        foreach (var file in args.List("env-file"))
        {
            env.AddRange(Flag(args, "env-file", file, () => KeyValueFile.Read(file, environment).ToList()));
        }

        foreach (var value in args.List("env"))
        {
            env.Add(Flag(args, "env", value, () => ValidateEnv(value, environment)));
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var labelLines = args.List("label-file").SelectMany(f => Flag(args, "label-file", f, () => KeyValueFile.Read(f, null).ToList())).Concat(args.List("label"));
        foreach (var line in labelLines)
        {
            var eq = line.IndexOf('=');
            labels[eq < 0 ? line : line[..eq]] = eq < 0 ? string.Empty : line[(eq + 1)..];
        }

        var volumes = new JsonObject();
        var binds = new List<string>();
        foreach (var volume in args.List("volume"))
        {
            // A lone container path is an anonymous volume; anything with a source is a bind.
            var colon = volume.IndexOf(':');
            if (colon > 0 && volume[(colon + 1)..] != "/")
            {
                binds.Add(volume);
            }
            else
            {
                volumes[volume] = new JsonObject();
            }
        }

        var config = new JsonObject
        {
            ["Hostname"] = args.String("hostname") ?? string.Empty,
            ["Domainname"] = args.String("domainname") ?? string.Empty,
            ["User"] = args.String("user") ?? string.Empty,
            ["AttachStdin"] = attachStdin,
            ["AttachStdout"] = attachStdout,
            ["AttachStderr"] = attachStderr,
        };
        if (ports.Exposed.Count > 0)
        {
            config["ExposedPorts"] = ports.ExposedJson();
        }

        config["Tty"] = args.Bool("tty");
        config["OpenStdin"] = openStdin;
        config["StdinOnce"] = openStdin && !detach;
        config["Env"] = env.Count > 0 ? Strings(env) : null;
        config["Cmd"] = command.Count > 0 ? Strings(command) : null;
        if (BuildHealthcheck(args) is { } healthcheck)
        {
            config["Healthcheck"] = healthcheck;
        }

        config["Image"] = image;
        config["Volumes"] = volumes;
        config["WorkingDir"] = args.String("workdir") ?? string.Empty;
        config["Entrypoint"] = args.String("entrypoint") is { } entrypoint ? new JsonArray(entrypoint) : null;
        config["OnBuild"] = null;
        config["Labels"] = MountSpec.ToJson(labels);
        if (args.String("stop-signal") is { Length: > 0 } stopSignal)
        {
            config["StopSignal"] = stopSignal;
        }

        if (args.String("stop-timeout") is { } stopTimeout)
        {
            config["StopTimeout"] = Flag(args, "stop-timeout", stopTimeout, () => UnitParsers.ParseInt(stopTimeout));
        }

        config["HostConfig"] = BuildHostConfig(args, binds, ports, consoleSize);
        config["NetworkingConfig"] = new JsonObject { ["EndpointsConfig"] = BuildEndpoints(args) };
        return new ContainerRequest(config, image, args.String("name"), args.String("platform"));
    }

    private static HashSet<string> ParseAttach(IReadOnlyList<string> values)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var lower = value.ToLowerInvariant();
            if (lower is not ("stdin" or "stdout" or "stderr"))
            {
                throw FlagException("attach", 'a', value, "valid streams are STDIN, STDOUT and STDERR");
            }

            set.Add(lower);
        }

        return set;
    }

    private static string ValidateEnv(string value, Func<string, string?> environment)
    {
        var eq = value.IndexOf('=');
        var key = eq < 0 ? value : value[..eq];
        if (key.Length == 0)
        {
            throw new FormatException("invalid environment variable: " + value);
        }

        return eq >= 0 ? value : environment(key) is { } found ? key + "=" + found : value;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static JsonObject EmptyEndpoint() => new()
    {
        ["IPAMConfig"] = null,
        ["Links"] = null,
        ["Aliases"] = null,
        ["MacAddress"] = string.Empty,
        ["DriverOpts"] = null,
        ["GwPriority"] = 0,
        ["NetworkID"] = string.Empty,
        ["EndpointID"] = string.Empty,
        ["Gateway"] = string.Empty,
        ["IPAddress"] = string.Empty,
        ["IPPrefixLen"] = 0,
        ["IPv6Gateway"] = string.Empty,
        ["GlobalIPv6Address"] = string.Empty,
        ["GlobalIPv6PrefixLen"] = 0,
        ["DNSNames"] = null,
    };

    /// <summary>Runs a flag value parser; a FormatException becomes docker's "invalid argument" flag error.</summary>
    private static T Flag<T>(ParsedArgs args, string name, string value, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            var spec = ContainerFlags.Run.First(f => f.Name == name);
            throw FlagException(name, spec.Short, value, ex.Message);
        }
    }

    private static void Flag(ParsedArgs args, string name, string value, Action parse) =>
        Flag(args, name, value, () =>
        {
            parse();
            return 0;
        });

    private static UsageException FlagException(string name, char? shorthand, string value, string message) =>
        new($"invalid argument \"{value}\" for \"{(shorthand is { } s ? $"-{s}, " : string.Empty)}--{name}\" flag: {message}", 125);
}
