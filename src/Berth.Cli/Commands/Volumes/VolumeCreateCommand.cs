using System.Text.Json.Nodes;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Volumes;

/// <summary>berth volume create: POST /volumes/create with docker's body, prints the volume name.</summary>
internal sealed class VolumeCreateCommand : ICommand
{
    private const string Whitespace = " \t\n\v\f\r";

    public CommandSpec Spec { get; } = new(
        "[OPTIONS] [VOLUME]",
        "Create a volume",
        [
            FlagSpec.String("driver", 'd', "Specify volume driver name", defaultValue: "local"),
            FlagSpec.List("label", null, "Set metadata for a volume"),
            FlagSpec.String("name", null, "Specify volume name"),
            FlagSpec.List("opt", 'o', "Set driver specific options", "map"),
        ])
    {
        MaxArgs = 1,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var name = args.String("name") ?? string.Empty;
        if (args.Positionals.Count == 1)
        {
            if (name.Length > 0)
            {
                throw new StatusException("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
            }

            name = args.Positionals[0];
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in args.List("label"))
        {
            ValidateLabel(label);
            var (key, value) = Split(label);
            labels[key] = value;
        }

        var options = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in args.List("opt"))
        {
            var (key, value) = Split(option);
            options[key] = value;
        }

        // Go's encoding of volume.CreateOptions: fields in struct order, empty ones omitted.
        var body = new JsonObject();
        if (args.String("driver") is { Length: > 0 } driver)
        {
            body["Driver"] = driver;
        }
        else if (!args.IsSet("driver"))
        {
            body["Driver"] = "local";
        }

        if (options.Count > 0)
        {
            body["DriverOpts"] = ToJson(options);
        }

        if (labels.Count > 0)
        {
            body["Labels"] = ToJson(labels);
        }

        if (name.Length > 0)
        {
            body["Name"] = name;
        }

        var volume = await context.Client.PostJsonAsync("/volumes/create", null, body, cancellationToken).ConfigureAwait(false);
        context.Out.Write((string?)volume?["Name"] + "\n");
        return 0;
    }

    // opts.ValidateLabel: the key must be non-empty and free of whitespace.
    private static void ValidateLabel(string label)
    {
        var key = label.Split('=', 2)[0].TrimStart(Whitespace.ToCharArray());
        if (key.Length == 0)
        {
            throw new UsageException($"invalid argument \"{label}\" for \"--label\" flag: invalid label '{label}': empty name", 125);
        }

        if (key.AsSpan().IndexOfAny(Whitespace) >= 0)
        {
            throw new UsageException($"invalid argument \"{label}\" for \"--label\" flag: label '{key}' contains whitespaces", 125);
        }
    }

    private static (string Key, string Value) Split(string text)
    {
        var eq = text.IndexOf('=');
        return eq < 0 ? (text, string.Empty) : (text[..eq], text[(eq + 1)..]);
    }

    private static JsonObject ToJson(SortedDictionary<string, string> map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map)
        {
            json[key] = value;
        }

        return json;
    }
}
