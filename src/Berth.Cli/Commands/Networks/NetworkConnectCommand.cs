using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Networks;

/// <summary>berth network connect: POST /networks/{id}/connect with the endpoint settings from the flags.</summary>
internal sealed class NetworkConnectCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] NETWORK CONTAINER",
        "Connect a container to a network",
        [
            FlagSpec.List("alias", null, "Add network-scoped alias for the container", "strings"),
            FlagSpec.List("driver-opt", null, "driver options for the network", "strings"),
            FlagSpec.String("ip", null, "IPv4 address (e.g., \"172.30.100.104\")"),
            FlagSpec.String("ip6", null, "IPv6 address (e.g., \"2001:db8::33\")"),
            FlagSpec.List("link", null, "Add link to another container"),
            FlagSpec.List("link-local-ip", null, "Add a link-local address for the container", "strings"),
        ])
    {
        MinArgs = 2,
        MaxArgs = 2,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var endpoint = new JsonObject
        {
            ["IPAMConfig"] = new JsonObject
            {
                ["IPv4Address"] = args.String("ip") ?? "",
                ["IPv6Address"] = args.String("ip6") ?? "",
                ["LinkLocalIPs"] = Array(args.List("link-local-ip")),
            },
            ["Links"] = Array(args.List("link")),
            ["Aliases"] = Array(args.List("alias")),
            ["DriverOpts"] = KeyValues.Map(args.List("driver-opt")),
        };
        var body = new JsonObject { ["Container"] = args.Positionals[1], ["EndpointConfig"] = endpoint };
        await context.Client.PostJsonAsync($"/networks/{Uri.EscapeDataString(args.Positionals[0])}/connect", null, body, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static JsonArray? Array(IReadOnlyList<string> values) =>
        values.Count == 0 ? null : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
