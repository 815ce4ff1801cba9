using System.Text;
using System.Formats.Tar;
using Berth.Cli.Infrastructure;

namespace Berth.Cli.Commands.Build;

/// <summary>
/// Turns the PATH argument into the context tar: a directory is archived; "-" reads stdin, which is
/// either a context tar (plain or gzip, sent as is) or a Dockerfile (sent as the only file).
/// Returns the dockerfile query value, or null for the default.
/// </summary>
internal static class BuildContextSource
{
    public static async Task<string?> WriteAsync(CommandContext context, string path, string? file, Stream output, CancellationToken cancellationToken)
    {
        if (path.Contains("://", StringComparison.Ordinal) || path.StartsWith("git@", StringComparison.Ordinal))
        {
            throw new StatusException($"unable to prepare context: remote contexts (\"{path}\") are not supported by berth; clone or download it first");
        }

        if (path == "-")
        {
            if (file == "-")
            {
                throw new StatusException("invalid argument: can't use stdin for both build context and dockerfile");
            }

            return await FromStdinAsync(context, output, cancellationToken).ConfigureAwait(false);
        }

        if (!Directory.Exists(path))
        {
            throw new StatusException($"unable to prepare context: path \"{path}\" not found");
        }

        var root = Path.GetFullPath(path);
        string? dockerfileText = null;
        string relative;
        if (file == "-")
        {
            dockerfileText = await new StreamReader(context.In).ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            relative = ".dockerfile." + Guid.NewGuid().ToString("N")[..12];
        }
        else
        {
            var dockerfile = string.IsNullOrEmpty(file) ? Path.Combine(root, "Dockerfile") : Path.GetFullPath(file);
            if (!File.Exists(dockerfile) && string.IsNullOrEmpty(file) && File.Exists(Path.Combine(root, "dockerfile")))
            {
                dockerfile = Path.Combine(root, "dockerfile");
            }

            if (!File.Exists(dockerfile))
            {
                throw new StatusException($"unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat {dockerfile}: no such file or directory");
            }

            relative = Path.GetRelativePath(root, dockerfile).Replace('\\', '/');
            if (relative.StartsWith("../", StringComparison.Ordinal))
            {
                // A Dockerfile outside the context travels inside it under a private name, as docker does.
                dockerfileText = await File.ReadAllTextAsync(dockerfile, cancellationToken).ConfigureAwait(false);
                relative = ".dockerfile." + Guid.NewGuid().ToString("N")[..12];
            }
        }

        await ContextArchiver.WriteAsync(root, relative, output, cancellationToken).ConfigureAwait(false);
        if (dockerfileText is not null)
        {
            // Appended after the end-of-archive marker would be lost: rewrite by reopening in append mode.
            output.SetLength(Math.Max(0, output.Length - 1024));
            output.Position = output.Length;
            await AddFileAsync(output, relative, dockerfileText, cancellationToken).ConfigureAwait(false);
        }

        return relative;
    }

    private static async Task<string?> FromStdinAsync(CommandContext context, Stream output, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await context.In.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var isGzip = bytes.Length >= 2 && bytes.Span[0] == 0x1f && bytes.Span[1] == 0x8b;
        var isTar = bytes.Length >= 262 && bytes.Span.Slice(257, 5).SequenceEqual("ustar"u8);
        if (isGzip || isTar)
        {
            await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            return null;
        }

        await AddFileAsync(output, "Dockerfile", Encoding.UTF8.GetString(bytes.Span), cancellationToken).ConfigureAwait(false);
        return "Dockerfile";
    }

    private static async Task AddFileAsync(Stream output, string name, string text, CancellationToken cancellationToken)
    {
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                ModificationTime = DateTimeOffset.UtcNow,
            };
            await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
        }
    }
}
