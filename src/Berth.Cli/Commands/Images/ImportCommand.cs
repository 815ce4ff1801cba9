using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Images;

/// <summary>berth import file|URL|- [REPOSITORY[:TAG]]: POST /images/create?fromSrc=...</summary>
internal sealed class ImportCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
        "Import the contents from a tarball to create a filesystem image",
        [
            FlagSpec.List("change", 'c', "Apply Dockerfile instruction to the created image"),
            FlagSpec.String("message", 'm', "Set commit message for imported image"),
            FlagSpec.String("platform", null, "Set platform if server is multi-platform capable"),
        ])
    {
        MinArgs = 1,
        MaxArgs = 2,
        Aliases = "berth image import, berth import",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var source = args.Positionals[0];
        var isUrl = source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal);
        var query = new EngineQuery().Add("fromSrc", source == "-" || !isUrl ? "-" : source);
        if (args.Positionals.Count > 1)
        {
            var (repo, tag) = ImageReference.SplitTag(args.Positionals[1]);
            query.Add("repo", repo).AddIfNotEmpty("tag", tag);
        }

        query.AddIfNotEmpty("message", args.String("message")).AddIfNotEmpty("platform", args.String("platform"));
        foreach (var change in args.List("change"))
        {
            query.Add("changes", change);
        }

        var request = new EngineRequest("POST", "/images/create", query);
        FileStream? file = null;
        try
        {
            if (source == "-")
            {
                request.BodyStream = context.In;
            }
            else if (!isUrl)
            {
                file = OpenInput(source);
                request.BodyStream = file;
            }

            if (request.BodyStream is not null)
            {
                request.ContentType = "application/x-tar";
            }

            using var response = await context.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            await JsonMessagePrinter.PrintAsync(response, context.Out, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            file?.Dispose();
        }

        return 0;
    }

    private static FileStream OpenInput(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StatusException($"open {path}: no such file or directory");
        }
    }
}
