using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>
/// berth inspect: like docker, tries a container first, then an image; other --type values are
/// refused rather than pretending to look.
/// </summary>
internal sealed class InspectCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] NAME|ID [NAME|ID...]",
        "Return low-level information on Berth objects",
        [
            FormatFlag.Inspect,
            FlagSpec.Bool("size", 's', "Display total file sizes if the type is container"),
            FlagSpec.String("type", null, "Only inspect objects of the given type"),
        ])
    {
        MinArgs = 1,
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var type = args.String("type") ?? string.Empty;
        if (type is not ("" or "image" or "container"))
        {
            throw new StatusException($"\"{type}\" is not a valid value for --type");
        }

        var found = new List<byte[]>();
        var errors = new List<string>();
        foreach (var name in args.Positionals)
        {
            var raw = type == "image" ? null
                : await Containers.ContainerInspectCommand.TryGetAsync(context.Client, name, args.Bool("size"), cancellationToken).ConfigureAwait(false);
            if (raw is null && type != "container")
            {
                raw = await ImageInspectCommand.TryGetAsync(context.Client, name, cancellationToken).ConfigureAwait(false);
            }

            if (raw is null)
            {
                errors.Add(type switch
                {
                    "image" => $"Error: No such image: {name}",
                    "container" => $"Error: No such container: {name}",
                    _ => $"Error: No such object: {name}",
                });
            }
            else
            {
                found.Add(raw);
            }
        }

        InspectPrinter.Write(context.Out, args.String("format"), found);
        if (errors.Count > 0)
        {
            throw new StatusException(string.Join("\n", errors));
        }

        return 0;
    }
}
