using Berth.Cli.Infrastructure;
using Berth.Client;
using Berth.Client.Templates;

namespace Berth.Cli;

/// <summary>Parses global flags, finds the command, parses its flags, runs it and maps errors to exit codes.</summary>
internal sealed class CliApp
{
    private readonly CommandRegistry _registry;
    private readonly Func<string, string?> _environment;

    public CliApp(CommandRegistry registry, Func<string, string?> environment)
    {
        _registry = registry;
        _environment = environment;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliStreams streams, CancellationToken cancellationToken)
    {
        var err = streams.Err;
        ParsedArgs global;
        try
        {
            global = FlagParser.Parse(args, GlobalOptions.Flags, interspersed: false);
        }
        catch (UsageException ex)
        {
            err.Write($"{ex.Message}\n\nUsage:  berth [OPTIONS] COMMAND [ARG...]\n\nRun 'berth --help' for more information\n");
            return ex.ExitCode;
        }

        if (global.Bool("version"))
        {
            streams.Out.Write($"Berth version {EngineClient.ClientVersion}\n");
            return 0;
        }

        var rest = global.Positionals;
        if (global.HelpRequested || rest.Count == 0)
        {
            streams.Out.Write(RootHelp());
            return 0;
        }

        var (path, command, consumed) = Resolve(rest);
        if (command is null)
        {
            if (_registry.IsGroup(path) && (rest.Count == 1 || rest[1] is "--help" or "-h"))
            {
                streams.Out.Write(UsageWriter.GroupHelp(path, _registry.GroupDescription(path), _registry.GroupChildren(path)));
                return 0;
            }

            var shown = _registry.IsGroup(path) ? $"berth {path} {rest[1]}" : $"berth {path}";
            err.Write($"berth: unknown command: {shown}\n\nRun '{(_registry.IsGroup(path) ? $"berth {path}" : "berth")} --help' for more information\n");
            return 1;
        }

        var commandPath = "berth " + path;
        var context = new CommandContext(streams.Out, streams.Err, streams.In, streams.OutStream, () => CreateClient(global))
        {
            StdinIsTerminal = streams.StdinIsTerminal,
            StdoutIsTerminal = streams.StdoutIsTerminal,
            Debug = global.Bool("debug"),
            Clock = streams.Clock,
            CommandPath = commandPath,
        };
        try
        {
            var parsed = FlagParser.Parse(rest.Skip(consumed).ToList(), command.Spec.Flags, command.Spec.Interspersed);
            if (parsed.HelpRequested)
            {
                streams.Out.Write(UsageWriter.Help(commandPath, command.Spec));
                return 0;
            }

            CheckArgCount(commandPath, command.Spec, parsed.Positionals.Count);
            return await command.RunAsync(context, parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            var prefix = ex.ExitCode == 125 ? string.Empty : "berth: ";
            err.Write($"{prefix}{ex.Message}\n\n{UsageWriter.UsageLine(commandPath, command.Spec)}\n\nRun '{commandPath} --help' for more information\n");
            return ex.ExitCode;
        }
        catch (EngineApiException ex)
        {
            err.Write($"Error response from daemon: {ex.Message}\n");
            return 1;
        }
        catch (EngineConnectionException ex)
        {
            err.Write(ex.Message + "\n");
            return 1;
        }
        catch (StatusException ex)
        {
            if (ex.Message.Length > 0)
            {
                err.Write(ex.Message + "\n");
            }

            return ex.ExitCode;
        }
        catch (TemplateException ex)
        {
            err.Write(ex.Message + "\n");
            return 1;
        }
        catch (ArgumentException ex)
        {
            err.Write(ex.Message + "\n");
            return 1;
        }
    }

    private (string Path, ICommand? Command, int Consumed) Resolve(List<string> rest)
    {
        var first = rest[0];
        if (_registry.IsGroup(first))
        {
            if (rest.Count > 1 && _registry.Find(first + " " + rest[1]) is { } sub)
            {
                return (first + " " + rest[1], sub, 2);
            }

            return (first, null, 1);
        }

        return (first, _registry.Find(first), 1);
    }

    private static void CheckArgCount(string path, CommandSpec spec, int count)
    {
        if (count >= spec.MinArgs && count <= spec.MaxArgs)
        {
            return;
        }

        var message = (spec.MinArgs, spec.MaxArgs) switch
        {
            (0, 0) => $"'{path}' accepts no arguments",
            var (min, max) when min == max => $"'{path}' requires {min} argument{(min == 1 ? string.Empty : "s")}",
            var (min, _) when count < min => $"'{path}' requires at least {min} argument{(min == 1 ? string.Empty : "s")}",
            var (_, max) => $"'{path}' requires at most {max} argument{(max == 1 ? string.Empty : "s")}",
        };
        throw new UsageException(message, 1);
    }

    private EngineClient CreateClient(ParsedArgs global)
    {
        var hosts = global.List("host");
        if (hosts.Count > 1)
        {
            throw new StatusException("Specify only one -H");
        }

        var endpoint = EngineEndpoint.Resolve(hosts.Count == 1 ? hosts[0] : null, _environment);
        return new EngineClient(endpoint, _environment("DOCKER_API_VERSION"));
    }

    private string RootHelp()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("Usage:  berth [OPTIONS] COMMAND\n\nA Docker-compatible container engine client\n\nCommands:\n");
        foreach (var (name, description) in _registry.TopLevel)
        {
            sb.Append("  ").Append(name.PadRight(10)).Append("  ").Append(description).Append('\n');
        }

        sb.Append("\nGlobal Options:\n").Append(UsageWriter.FlagTable(GlobalOptions.Flags));
        sb.Append("\nRun 'berth COMMAND --help' for more information on a command.\n");
        return sb.ToString();
    }
}
