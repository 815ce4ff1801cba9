using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>berth tag SOURCE TARGET: POST /images/{source}/tag?repo=&amp;tag=.</summary>
internal sealed class TagCommand : ICommand
{
    public CommandSpec Spec { get; } = new("SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", [])
    {
        MinArgs = 2,
        MaxArgs = 2,
        Aliases = "berth image tag, berth tag",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var source = args.Positionals[0];
        var target = args.Positionals[1];
        if (target.Contains('@'))
        {
            throw new StatusException("refusing to create a tag with a digest reference");
        }

        var (repo, tag) = ImageReference.SplitTag(target);
        var query = new EngineQuery().Add("repo", repo).Add("tag", tag ?? "latest");
        using var response = await context.Client.SendAsync(new EngineRequest("POST", $"/images/{Uri.EscapeDataString(source)}/tag", query), cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
