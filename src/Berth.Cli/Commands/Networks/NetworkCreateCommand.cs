using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Networks;

/// <summary>berth network create: POST /networks/create, prints the new network's ID.</summary>
internal sealed class NetworkCreateCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] NETWORK",
        "Create a network",
        [
            FlagSpec.Bool("attachable", null, "Enable manual container attachment"),
            FlagSpec.List("aux-address", null, "Auxiliary IPv4 or IPv6 addresses used by Network driver", "map"),
            FlagSpec.String("driver", 'd', "Driver to manage the Network", defaultValue: "bridge"),
            FlagSpec.List("gateway", null, "IPv4 or IPv6 Gateway for the master subnet", "strings"),
            FlagSpec.Bool("internal", null, "Restrict external access to the network"),
            FlagSpec.List("ip-range", null, "Allocate container ip from a sub-range", "strings"),
            FlagSpec.String("ipam-driver", null, "IP Address Management Driver", defaultValue: "default"),
            FlagSpec.List("ipam-opt", null, "Set IPAM driver specific options", "map"),
            FlagSpec.Bool("ipv6", null, "Enable or disable IPv6 networking"),
            FlagSpec.List("label", null, "Set metadata on a network"),
            FlagSpec.List("opt", 'o', "Set driver specific options", "map"),
            FlagSpec.String("scope", null, "Control the network's scope"),
            FlagSpec.List("subnet", null, "Subnet in CIDR format that represents a network segment", "strings"),
        ])
    {
        MinArgs = 1,
        MaxArgs = 1,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        if (args.List("aux-address").Count > 0)
        {
            throw new StatusException("auxiliary addresses are not supported by Berth");
        }

        var body = new JsonObject
        {
            ["Name"] = args.Positionals[0],
            ["Driver"] = args.String("driver") ?? "bridge",
            ["Scope"] = args.String("scope") ?? "",
        };
        if (args.IsSet("ipv6"))
        {
            body["EnableIPv6"] = args.Bool("ipv6");
        }

        body["IPAM"] = new JsonObject
        {
            ["Driver"] = args.String("ipam-driver") ?? "default",
            ["Options"] = KeyValues.Map(args.List("ipam-opt")),
            ["Config"] = IpamPools.Build(args.List("subnet"), args.List("ip-range"), args.List("gateway")),
        };
        body["Internal"] = args.Bool("internal");
        body["Attachable"] = args.Bool("attachable");
        body["Ingress"] = false;
        body["ConfigOnly"] = false;
        body["Options"] = KeyValues.Map(args.List("opt"));
        body["Labels"] = KeyValues.Map(args.List("label"));

        var response = await context.Client.PostJsonAsync("/networks/create", null, body, cancellationToken).ConfigureAwait(false);
        if ((string?)response?["Warning"] is { Length: > 0 } warning)
        {
            context.Err.Write(warning + "\n");
        }

        context.Out.Write((string?)response?["Id"] + "\n");
        return 0;
    }
}
