using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;
using Berth.Cli.Terminal;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth exec: create the exec, start it attached (or -d), exit with its ExitCode.</summary>
internal sealed class ExecCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER COMMAND [ARG...]",
        "Execute a command in a running container",
        [
            FlagSpec.Bool("detach", 'd', "Detached mode: run command in the background"),
            FlagSpec.String("detach-keys", null, "Override the key sequence for detaching a container"),
            FlagSpec.List("env", 'e', "Set environment variables"),
            FlagSpec.List("env-file", null, "Read in a file of environment variables"),
            FlagSpec.Bool("interactive", 'i', "Keep STDIN open even if not attached"),
            FlagSpec.Bool("privileged", null, "Give extended privileges to the command"),
            FlagSpec.Bool("tty", 't', "Allocate a pseudo-TTY"),
            FlagSpec.String("user", 'u', "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
            FlagSpec.String("workdir", 'w', "Working directory inside the container"),
        ])
    {
        MinArgs = 2,
        Interspersed = false,
        Aliases = "berth container exec, berth exec",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var container = args.Positionals[0];
        var detach = args.Bool("detach");
        var tty = args.Bool("tty");
        var stdin = args.Bool("interactive");
        if (tty && stdin && !detach && !context.StdinIsTerminal)
        {
            throw new StatusException("the input device is not a TTY");
        }

        var env = new List<string>();
        foreach (var file in args.List("env-file"))
        {
            env.AddRange(KeyValueFile.Read(file, Environment.GetEnvironmentVariable));
        }

        env.AddRange(args.List("env"));
        await context.Client.GetJsonAsync(ContainerBatch.Path(container, "json"), null, cancellationToken).ConfigureAwait(false);
        var consoleSize = tty && context.StdoutIsTerminal ? TerminalNative.GetWindowSize(TerminalStreams.StdoutFd) : null;
        var body = new JsonObject
        {
            ["User"] = args.String("user") ?? string.Empty,
            ["Privileged"] = args.Bool("privileged"),
            ["Tty"] = tty,
        };
        if (consoleSize is { } size)
        {
            body["ConsoleSize"] = new JsonArray(size.Rows, size.Columns);
        }

        body["AttachStdin"] = stdin && !detach;
        body["AttachStderr"] = !detach;
        body["AttachStdout"] = !detach;
        body["Detach"] = detach;
        body["DetachKeys"] = args.String("detach-keys") ?? string.Empty;
        body["Env"] = env.Count > 0 ? new JsonArray(env.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()) : null;
        body["WorkingDir"] = args.String("workdir") ?? string.Empty;
        body["Cmd"] = new JsonArray(args.Positionals.Skip(1).Select(a => (JsonNode)JsonValue.Create(a)).ToArray());
        var created = await context.Client.PostJsonAsync(ContainerBatch.Path(container, "exec"), null, body, cancellationToken).ConfigureAwait(false);
        var execId = (string?)created?["Id"] ?? throw new StatusException("exec ID empty");
        var execPath = $"/exec/{Uri.EscapeDataString(execId)}";

        var start = new JsonObject { ["Detach"] = detach, ["Tty"] = tty };
        if (consoleSize is { } startSize)
        {
            start["ConsoleSize"] = new JsonArray(startSize.Rows, startSize.Columns);
        }

        if (detach)
        {
            await context.Client.PostJsonAsync(execPath + "/start", null, start, cancellationToken).ConfigureAwait(false);
            return 0;
        }

        var options = new AttachOptions(tty, stdin, true, true, args.String("detach-keys"), false);
        using var session = new AttachSession(context, options);
        try
        {
            using var connection = await context.Client.HijackAsync(new EngineRequest("POST", execPath + "/start").WithJson(start), cancellationToken).ConfigureAwait(false);
            await session.MonitorSizeAsync((h, w) => RunCommand.ResizeAsync(context.Client, execPath + "/resize", h, w)).ConfigureAwait(false);
            if (await session.PumpAsync(connection).ConfigureAwait(false))
            {
                return 0;
            }
        }
        catch (EngineApiException ex)
        {
            var code = RunErrors.ExitCodeFor(ex.Message);
            throw new StatusException("Error response from daemon: " + ex.Message, code == 125 ? 1 : code);
        }

        var inspect = await context.Client.GetJsonAsync(execPath + "/json", null, CancellationToken.None).ConfigureAwait(false);
        return (int)((long?)inspect?["ExitCode"] ?? 0);
    }
}
