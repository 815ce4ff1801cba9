using System.Formats.Tar;
using Berth.Build.Context;

namespace Berth.Build.Execution;

/// <summary>
/// Keeps the mount points that runc had to create for secret and ssh mounts out of the RUN's layer,
/// as BuildKit's mount stub cleaner does: a secret at /run/secrets/x leaves neither an empty
/// /run/secrets/x nor a /run/secrets in the image. <see cref="Created"/> are paths missing from the
/// image before the RUN (the stub and the directories made for it); <see cref="Touched"/> are
/// existing directories above them with their rwx bits before the RUN, which appear in
/// the diff only because a stub was made inside them. An entry goes when it is one of those, holds
/// no kept entry below it, and (for a created leaf) is an empty file or directory, (for a touched
/// directory) still has its old permissions.
/// </summary>
internal sealed class MountStubFilter
{
    public HashSet<string> Created { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, uint> Touched { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Created.Count == 0;

    /// <summary>Copies the layer tar <paramref name="input"/> (seekable) to <paramref name="output"/> without the stubs.</summary>
    public async Task FilterAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var entries = new List<(string Name, TarEntryType Type, long Length, uint Mode)>();
        var start = input.Position;
        var reader = new TarReader(input, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                entries.Add((Normalize(entry.Name), entry.EntryType, entry.Length, (uint)entry.Mode & 0x1FF));
            }
        }

        var dropped = Drops(entries);
        input.Position = start;
        var wrote = false;
        reader = new TarReader(input, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
            await using (writer.ConfigureAwait(false))
            {
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (!dropped.Contains(Normalize(entry.Name)))
                    {
                        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
                        wrote = true;
                    }
                }
            }
        }

        if (!wrote)
        {
            // TarWriter writes no end blocks without entries; Docker's empty layer is exactly those.
            await output.WriteAsync(new byte[1024], cancellationToken).ConfigureAwait(false);
        }
    }

    private HashSet<string> Drops(List<(string Name, TarEntryType Type, long Length, uint Mode)> entries)
    {
        var dropped = new HashSet<string>(StringComparer.Ordinal);
        // Deepest first, so a directory is judged after everything below it.
        foreach (var (name, type, length, mode) in entries.OrderByDescending(e => e.Name.Count(c => c == '/')))
        {
            var stub = Created.Contains(name) && (type == TarEntryType.Directory || (IsFile(type) && length == 0));
            var touched = Touched.TryGetValue(name, out var oldMode) && type == TarEntryType.Directory && mode == oldMode;
            if ((stub || touched) && !entries.Any(e => IsBelow(e.Name, name) && !dropped.Contains(e.Name)))
            {
                dropped.Add(name);
            }
        }

        return dropped;
    }

    private static bool IsFile(TarEntryType type) => type is TarEntryType.RegularFile or TarEntryType.V7RegularFile;

    private static bool IsBelow(string path, string directory) =>
        path.Length > directory.Length + 1 && path.StartsWith(directory + "/", StringComparison.Ordinal);

    /// <summary>Layer entry names and in-container paths compared in one form: "run/secrets/x".</summary>
    public static string Normalize(string name) => PathClean.Clean("/" + name.Replace('\\', '/')).TrimStart('/');
}
