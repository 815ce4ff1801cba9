using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Containers;

internal static partial class ContainerRequestBuilder
{
    private static readonly string[] s_durationFlags = ["health-interval", "health-timeout", "health-start-period", "health-start-interval"];

    /// <summary>opts.go's HealthConfig: null unless a --health-* flag or --no-healthcheck is given; zero fields are omitted.</summary>
    private static JsonObject? BuildHealthcheck(ParsedArgs args)
    {
        var durations = s_durationFlags.ToDictionary(
            name => name,
            name => args.String(name) is { } value ? Flag(args, name, value, () => GoDuration.Parse(value)) : 0L,
            StringComparer.Ordinal);
        var retries = args.String("health-retries") is { } r ? Flag(args, "health-retries", r, () => UnitParsers.ParseInt(r)) : 0L;
        var command = args.String("health-cmd") ?? string.Empty;
        var haveSettings = command.Length > 0 || retries != 0 || durations.Values.Any(d => d != 0);
        if (args.Bool("no-healthcheck"))
        {
            if (haveSettings)
            {
                throw new ContainerOptionException("--no-healthcheck conflicts with --health-* options");
            }

            return new JsonObject { ["Test"] = new JsonArray("NONE") };
        }

        if (!haveSettings)
        {
            return null;
        }

        foreach (var name in (string[])["health-interval", "health-timeout"])
        {
            if (durations[name] < 0)
            {
                throw new ContainerOptionException($"--{name} cannot be negative");
            }
        }

        if (retries < 0)
        {
            throw new ContainerOptionException("--health-retries cannot be negative");
        }

        foreach (var name in (string[])["health-start-period", "health-start-interval"])
        {
            if (durations[name] < 0)
            {
                throw new ContainerOptionException($"--{name} cannot be negative");
            }
        }

        var health = new JsonObject();
        if (command.Length > 0)
        {
            health["Test"] = new JsonArray("CMD-SHELL", command);
        }

        AddNonZero(health, "Interval", durations["health-interval"]);
        AddNonZero(health, "Timeout", durations["health-timeout"]);
        AddNonZero(health, "StartPeriod", durations["health-start-period"]);
        AddNonZero(health, "StartInterval", durations["health-start-interval"]);
        AddNonZero(health, "Retries", retries);
        return health;
    }

    private static void AddNonZero(JsonObject target, string name, long value)
    {
        if (value != 0)
        {
            target[name] = value;
        }
    }
}
