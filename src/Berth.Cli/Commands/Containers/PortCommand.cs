using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth port CONTAINER [PRIVATE_PORT[/PROTO]]: published mappings from NetworkSettings.Ports.</summary>
internal sealed class PortCommand : ICommand
{
    public CommandSpec Spec { get; } = new("CONTAINER [PRIVATE_PORT[/PROTO]]", "List port mappings or a specific mapping for the container", [])
    {
        MinArgs = 1,
        MaxArgs = 2,
        Aliases = "berth container port, berth port",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var inspect = await context.Client.GetJsonAsync(ContainerBatch.Path(args.Positionals[0], "json"), null, cancellationToken).ConfigureAwait(false);
        var ports = inspect?["NetworkSettings"]?["Ports"] as JsonObject ?? [];
        string? wanted = null;
        if (args.Positionals.Count == 2)
        {
            wanted = args.Positionals[1].Contains('/') ? args.Positionals[1] : args.Positionals[1] + "/tcp";
        }

        var lines = new List<string>();
        foreach (var (key, bindings) in ports.OrderBy(p => PortNumber(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            if (wanted is not null && key != wanted)
            {
                continue;
            }

            foreach (var binding in bindings as JsonArray ?? [])
            {
                var ip = (string?)binding?["HostIp"] ?? string.Empty;
                var host = ip.Contains(':') ? $"[{ip}]" : ip;
                var hostPort = (string?)binding?["HostPort"] ?? string.Empty;
                lines.Add(wanted is null ? $"{key} -> {host}:{hostPort}" : $"{host}:{hostPort}");
            }
        }

        if (wanted is not null && lines.Count == 0)
        {
            throw new StatusException($"Error: No public port '{wanted}' published for {args.Positionals[0]}");
        }

        foreach (var line in lines)
        {
            context.Out.Write(line + "\n");
        }

        return 0;
    }

    private static int PortNumber(string key) => int.TryParse(key.Split('/')[0], out var n) ? n : 0;
}
