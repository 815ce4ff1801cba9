using System.Text.Json.Nodes;
using Berth.Cli.Formatting;
using Berth.Cli.Infrastructure;
using Berth.Client;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// berth build: tars the context (a directory, or "-": a tar or a bare Dockerfile on stdin), streams
/// it to POST /build (the classic builder) and prints the daemon's messages.
/// </summary>
internal sealed class BuildCommand : ICommand
{
    public CommandSpec Spec { get; } = new(
        "[OPTIONS] PATH | URL | -",
        "Build an image from a Dockerfile",
        [
            FlagSpec.List("build-arg", null, "Set build-time variables"),
            FlagSpec.String("file", 'f', "Name of the Dockerfile (Default is \"PATH/Dockerfile\")"),
            FlagSpec.Bool("force-rm", null, "Always remove intermediate containers"),
            FlagSpec.String("iidfile", null, "Write the image ID to the file"),
            FlagSpec.List("label", null, "Set metadata for an image"),
            FlagSpec.String("network", null, "Set the networking mode for the RUN instructions during build", "string", "default"),
            FlagSpec.Bool("no-cache", null, "Do not use cache when building the image"),
            FlagSpec.String("platform", null, "Set platform if server is multi-platform capable"),
            FlagSpec.String("progress", null, "Set type of progress output (auto, plain, tty)", "string", "auto"),
            FlagSpec.Bool("pull", null, "Always attempt to pull a newer version of the image"),
            FlagSpec.Bool("quiet", 'q', "Suppress the build output and print image ID on success"),
            FlagSpec.String("rm", null, "Remove intermediate containers after a successful build", "bool", "true"),
            FlagSpec.List("secret", null, "Secret to expose to the build (format: \"id=mysecret[,src=/local/secret]\")", "stringArray"),
            FlagSpec.List("ssh", null, "SSH agent socket to expose to the build (format: \"default|<id>[=<socket>]\")", "stringArray"),
            FlagSpec.List("tag", 't', "Name and optionally a tag in the \"name:tag\" format"),
            FlagSpec.String("target", null, "Set the target build stage to build."),
        ])
    {
        MinArgs = 1,
        MaxArgs = 1,
        Aliases = "berth image build, berth build, berth builder build",
    };

    public async Task<int> RunAsync(CommandContext context, ParsedArgs args, CancellationToken cancellationToken)
    {
        var query = Query(args);
        var request = new EngineRequest("POST", "/build", query) { ContentType = "application/x-tar" };
        // Secrets and sockets are checked before the context is packed: a bad flag fails fast.
        BuildSessionHeaders.Add(request, args.List("secret"), args.List("ssh"));
        var quiet = args.Bool("quiet");
        var contextFile = Path.Combine(Path.GetTempPath(), "berth-build-" + Guid.NewGuid().ToString("N") + ".tar");
        var body = new FileStream(contextFile, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await using (body.ConfigureAwait(false))
        {
            var dockerfile = await BuildContextSource.WriteAsync(context, args.Positionals[0], args.String("file"), body, cancellationToken).ConfigureAwait(false);
            if (dockerfile is not null)
            {
                query.Add("dockerfile", dockerfile);
            }

            if (!quiet)
            {
                context.Out.Write($"Sending build context to Docker daemon  {HumanUnits.HumanSize(body.Length)}\n");
                context.Out.Flush();
            }

            body.Position = 0;
            request.BodyStream = body;
            using var response = await context.Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var imageId = await PrintAsync(response, context.Out, cancellationToken).ConfigureAwait(false);
            if (args.String("iidfile") is { Length: > 0 } iidfile && imageId is not null)
            {
                await File.WriteAllTextAsync(iidfile, imageId, cancellationToken).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static EngineQuery Query(ParsedArgs args)
    {
        var query = new EngineQuery();
        foreach (var tag in args.List("tag"))
        {
            query.Add("t", tag);
        }

        var buildArgs = new JsonObject();
        foreach (var arg in args.List("build-arg"))
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            // KEY without a value takes the client's environment variable, as docker does.
            buildArgs[eq < 0 ? arg : arg[..eq]] = eq < 0 ? Environment.GetEnvironmentVariable(arg) : arg[(eq + 1)..];
        }

        var labels = new JsonObject();
        foreach (var label in args.List("label"))
        {
            var eq = label.IndexOf('=', StringComparison.Ordinal);
            labels[eq < 0 ? label : label[..eq]] = eq < 0 ? "" : label[(eq + 1)..];
        }

        query.Add("buildargs", buildArgs.ToJsonString()).Add("labels", labels.ToJsonString());
        query.AddIfNotEmpty("target", args.String("target")).AddIfNotEmpty("platform", args.String("platform"));
        query.AddFlag("nocache", args.Bool("no-cache")).AddFlag("pull", args.Bool("pull")).AddFlag("q", args.Bool("quiet"));
        query.Add("rm", args.String("rm") is "false" or "0" ? "0" : "1").AddFlag("forcerm", args.Bool("force-rm"));
        query.Add("networkmode", args.String("network") ?? "default");
        return query;
    }

    /// <summary>Prints stream text; returns the aux image ID; an error message fails with its code (a RUN's exit code).</summary>
    private static async Task<string?> PrintAsync(EngineResponse response, TextWriter output, CancellationToken cancellationToken)
    {
        string? imageId = null;
        await foreach (var message in response.ReadJsonMessagesAsync(cancellationToken).ConfigureAwait(false))
        {
            if (message is not JsonObject obj)
            {
                continue;
            }

            if (obj["errorDetail"] is JsonObject detail || obj["error"] is not null)
            {
                var text = (string?)obj["errorDetail"]?["message"] ?? (string?)obj["error"] ?? "build failed";
                var code = obj["errorDetail"]?["code"] is JsonValue c && c.TryGetValue<int>(out var n) && n != 0 ? n : 1;
                output.Flush();
                throw new StatusException(text, code);
            }

            if ((string?)obj["stream"] is { } stream)
            {
                output.Write(stream);
                output.Flush();
            }
            else if (obj["aux"]?["ID"] is JsonValue id)
            {
                imageId = (string?)id;
            }
        }

        return imageId;
    }
}
