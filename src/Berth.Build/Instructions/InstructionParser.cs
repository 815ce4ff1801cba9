using System.Text.RegularExpressions;
using Berth.Build.Parsing;

namespace Berth.Build.Instructions;

/// <summary>Turns AST nodes into typed instructions, with BuildKit's validation and messages.</summary>
public static partial class InstructionParser
{
    internal static readonly string[] Keywords =
    [
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    ];

    /// <summary>Parses one instruction node. Errors carry the node's file position.</summary>
    public static Instruction Parse(Node node, string fileName = "Dockerfile")
    {
        try
        {
            return ParseCore(node);
        }
        catch (DockerfileException e)
        {
            throw e.WithLocation(fileName, node.StartLine, node.EndLine);
        }
    }

    private static Instruction ParseCore(Node node)
    {
        var name = node.Value.ToUpperInvariant();
        var args = node.Arguments();
        var flags = new BuildFlags(node.Flags);
        switch (name)
        {
            case "FROM":
                return ParseFrom(node, args, flags);
            case "RUN":
                return ParseRun(node, args, flags);
            case "CMD":
                flags.Parse();
                return new CmdInstruction
                {
                    Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
                    CommandLine = args, PrependShell = !node.IsJson, Heredocs = node.Heredocs,
                };
            case "ENTRYPOINT":
                flags.Parse();
                return new EntrypointInstruction
                {
                    Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
                    CommandLine = args, PrependShell = !node.IsJson, Heredocs = node.Heredocs,
                };
            case "SHELL":
                flags.Parse();
                if (args.Count == 0)
                {
                    throw AtLeastOne(name);
                }
                if (!node.IsJson)
                {
                    throw new DockerfileException($"{name} requires the arguments to be in JSON form");
                }
                return new ShellInstruction { Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, Shell = args };
            case "ENV":
            case "LABEL":
                flags.Parse();
                var pairs = ParseKeyValues(args, name);
                return name == "ENV"
                    ? new EnvInstruction { Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, Env = pairs }
                    : new LabelInstruction { Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, Labels = pairs };
            case "MAINTAINER":
                flags.Parse();
                ExactlyOne(name, args);
                return new MaintainerInstruction { Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, Maintainer = args[0] };
            case "EXPOSE":
                if (args.Count == 0)
                {
                    throw AtLeastOne(name);
                }
                flags.Parse();
                foreach (var port in args.Where(p => !p.Contains('$', StringComparison.Ordinal)))
                {
                    PortSpec.Parse(port);
                }
                return new ExposeInstruction
                {
                    Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
                    Ports = [.. args.Order(StringComparer.Ordinal)],
                };
            case "ADD":
            case "COPY":
                return FileInstructionParser.Parse(node, args, flags, name);
            case "VOLUME":
                if (args.Count == 0)
                {
                    throw AtLeastOne(name);
                }
                flags.Parse();
                var volumes = args.Select(v => v.Trim()).ToList();
                if (volumes.Any(v => v.Length == 0))
                {
                    throw new DockerfileException("VOLUME specified can not be an empty string");
                }
                return new VolumeInstruction { Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, Volumes = volumes };
            case "USER":
                flags.Parse();
                ExactlyOne(name, args);
                return new UserInstruction { Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, User = args[0] };
            case "WORKDIR":
                flags.Parse();
                ExactlyOne(name, args);
                return new WorkdirInstruction { Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, Path = args[0] };
            case "STOPSIGNAL":
                flags.Parse();
                ExactlyOne(name, args);
                return new StopSignalInstruction { Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, Signal = args[0] };
            case "ONBUILD":
                return ParseOnbuild(node, args, flags);
            case "HEALTHCHECK":
                return new HealthcheckInstruction
                {
                    Name = name, Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
                    Health = HealthcheckParser.Parse(args, flags, node.IsJson),
                };
            case "ARG":
                return ParseArg(node, args, flags);
            default:
                throw new DockerfileException(Suggest.Wrap($"unknown instruction: {name}", node.Value, Keywords, upper: true));
        }
    }

    private static FromInstruction ParseFrom(Node node, IReadOnlyList<string> args, BuildFlags flags)
    {
        var stageName = "";
        var original = "";
        if (args.Count == 3 && string.Equals(args[1], "as", StringComparison.OrdinalIgnoreCase))
        {
            original = args[2];
            stageName = args[2].ToLowerInvariant();
            if (!StageNameRegex().IsMatch(stageName))
            {
                throw new DockerfileException(
                    $"invalid name for build stage: \"{args[2]}\", name can't start with a number or contain symbols");
            }
        }
        else if (args.Count != 1)
        {
            throw new DockerfileException("FROM requires either one or three arguments");
        }
        var platform = flags.AddString("platform");
        flags.Parse();
        return new FromInstruction
        {
            Name = "FROM", Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
            BaseName = args[0], StageName = stageName, OriginalStageName = original, Platform = platform.Value,
        };
    }

    private static RunInstruction ParseRun(Node node, IReadOnlyList<string> args, BuildFlags flags)
    {
        var mounts = flags.AddStrings("mount");
        var network = flags.AddString("network", "default");
        var security = flags.AddString("security", "sandbox");
        flags.Parse();
        if (network.Value is not ("default" or "none" or "host"))
        {
            throw new DockerfileException($"unsupported network mode \"{network.Value}\"");
        }
        if (security.Value is not ("sandbox" or "insecure"))
        {
            throw new DockerfileException($"unsupported security mode \"{security.Value}\"");
        }
        return new RunInstruction
        {
            Name = "RUN", Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
            CommandLine = args, PrependShell = !node.IsJson, Heredocs = node.Heredocs,
            Mounts = [.. mounts.Values.Select(v => RunMountParser.Parse(v))],
            MountSpecs = mounts.Values,
            Network = network.Value,
            Security = security.Value,
        };
    }

    private static OnbuildInstruction ParseOnbuild(Node node, IReadOnlyList<string> args, BuildFlags flags)
    {
        if (args.Count == 0)
        {
            throw AtLeastOne("ONBUILD");
        }
        flags.Parse();
        var trigger = args[0].Trim().ToUpperInvariant();
        switch (trigger)
        {
            case "ONBUILD":
                throw new DockerfileException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER" or "FROM":
                throw new DockerfileException($"{trigger} isn't allowed as an ONBUILD trigger");
        }
        var child = node.Next!.Children[0];
        child.StartLine = node.StartLine;
        child.EndLine = node.EndLine;
        return new OnbuildInstruction
        {
            Name = "ONBUILD", Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine,
            Expression = OnbuildPrefix().Replace(node.Original, ""),
            Trigger = ParseCore(child),
        };
    }

    private static ArgInstruction ParseArg(Node node, IReadOnlyList<string> args, BuildFlags flags)
    {
        if (args.Count == 0)
        {
            throw AtLeastOne("ARG");
        }
        flags.Parse();
        var defs = new List<ArgDefinition>();
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq == 0)
            {
                throw new DockerfileException("ARG names can not be blank");
            }
            defs.Add(eq < 0 ? new ArgDefinition(arg, null) : new ArgDefinition(arg[..eq], arg[(eq + 1)..]));
        }
        return new ArgInstruction { Name = "ARG", Original = node.Original, StartLine = node.StartLine, EndLine = node.EndLine, Args = defs };
    }

    private static List<KeyValue> ParseKeyValues(IReadOnlyList<string> args, string name)
    {
        if (args.Count == 0)
        {
            throw AtLeastOne(name);
        }
        if (args.Count % 3 != 0)
        {
            throw new DockerfileException($"Bad input to {name}, too many arguments");
        }
        var result = new List<KeyValue>();
        for (var i = 0; i < args.Count; i += 3)
        {
            if (args[i].Length == 0)
            {
                throw new DockerfileException($"{name} names can not be blank");
            }
            result.Add(new KeyValue(args[i], args[i + 1], args[i + 2].Length == 0));
        }
        return result;
    }

    internal static DockerfileException AtLeastOne(string name) => new($"{name} requires at least one argument");

    private static void ExactlyOne(string name, IReadOnlyList<string> args)
    {
        if (args.Count != 1)
        {
            throw new DockerfileException($"{name} requires exactly one argument");
        }
    }

    [GeneratedRegex(@"^[a-z][a-z0-9-_\.]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex StageNameRegex();

    [GeneratedRegex(@"^\s*ONBUILD\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OnbuildPrefix();
}
