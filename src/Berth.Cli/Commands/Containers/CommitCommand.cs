using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Containers;

/// <summary>berth commit: POST /commit?container=...; prints the new image's ID.</summary>
internal sealed class CommitCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
        "Create a new image from a container's changes",
        [
            FlagSpec.String("author", 'a', "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
            FlagSpec.List("change", 'c', "Apply Dockerfile instruction to the created image"),
            FlagSpec.String("message", 'm', "Commit message"),
            FlagSpec.Bool("no-pause", null, "Disable pausing container during commit"),
            FlagSpec.Bool("pause", 'p', "Pause container during commit (default true)"),
        ])
    {
        MinArgs = 1,
        MaxArgs = 2,
        Aliases = "berth container commit, berth commit",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var pause = (!args.IsSet("pause") || args.Bool("pause")) && !args.Bool("no-pause");
        var query = new EngineQuery().Add("container", args.Positionals[0]);
        if (args.Positionals.Count > 1)
        {
            var reference = args.Positionals[1];
            if (reference.Contains('@', StringComparison.Ordinal))
            {
                throw new StatusException("refusing to create a tag with a digest reference");
            }

            var (repo, tag) = ImageReference.SplitTag(reference);
            query.Add("repo", repo).Add("tag", tag ?? "latest");
        }

        query.AddIfNotEmpty("comment", args.String("message")).AddIfNotEmpty("author", args.String("author"));
        if (!pause)
        {
            query.Add("pause", "0");
        }

        foreach (var change in args.List("change"))
        {
            query.Add("changes", change);
        }

        var response = await context.Client.PostJsonAsync("/commit", query, null, cancellationToken).ConfigureAwait(false);
        context.Out.Write((response?["Id"]?.GetValue<string>() ?? "") + "\n");
        return 0;
    }
}
