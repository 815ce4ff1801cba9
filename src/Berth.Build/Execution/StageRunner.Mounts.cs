using System.Security.Cryptography;
using System.Text;
using Berth.Build.Context;
using Berth.Build.Instructions;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    /// <summary>
    /// RUN --mount as container binds and tmpfs, plus the text that goes into the step's cache key.
    /// Nothing a mount shows ends up in the layer: binds and tmpfs are not part of the container's diff.
    /// </summary>
    private (IReadOnlyList<string> Binds, IReadOnlyDictionary<string, string> Tmpfs, string Text) RunMounts(RunInstruction run)
    {
        var binds = new List<string>();
        var tmpfs = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var mount in run.Mounts)
        {
            var target = MetadataSteps.ResolveWorkdir(_state.WorkingDir, mount.Target);
            switch (mount.Type)
            {
                case MountTypes.Tmpfs:
                    tmpfs[target] = mount.SizeLimit > 0 ? $"size={mount.SizeLimit}" : "";
                    text.Append("\ntmpfs:").Append(target);
                    break;
                case MountTypes.Cache when mount.From.Length == 0:
                    var id = mount.Id.Length > 0 ? mount.Id : target;
                    binds.Add($"{CacheMountDirectory(id, mount)}:{target}" + (mount.ReadOnly ? ":ro" : ""));
                    // The cache's content never keys the step (BuildKit's rule): only its id and place.
                    text.Append("\ncache:").Append(id).Append(':').Append(target);
                    break;
                case MountTypes.Bind when mount.From.Length == 0:
                    var (source, hash) = ContextBindSource(mount);
                    binds.Add($"{source}:{target}" + (mount.ReadOnly ? ":ro" : ""));
                    text.Append("\nbind:").Append(mount.Source).Append(':').Append(target).Append(':').Append(hash)
                        .Append(mount.ReadOnly ? ":ro" : ":rw");
                    break;
                default:
                    throw EngineException.InvalidArgument(
                        $"{FileName}:{run.StartLine}: RUN --mount=type={mount.Type}{(mount.From.Length > 0 ? ",from=" + mount.From : "")} is not supported by berthd's builder yet");
            }
        }

        return (binds, tmpfs, text.ToString());
    }

    /// <summary>
    /// The cache mount's directory, kept across builds under the builder's work root. uid, gid and
    /// mode apply when the cache is created (as in BuildKit); later builds see it as they left it.
    /// </summary>
    private string CacheMountDirectory(string id, RunMount mount)
    {
        var dir = Path.Combine(_job.Services.Options.WorkRoot, "cache-mounts",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..32]);
        if (Directory.Exists(dir))
        {
            return dir;
        }

        var parent = Path.GetDirectoryName(dir)!;
        Directory.CreateDirectory(parent);
        // Prepared beside and renamed, so a parallel stage never sees a cache with the wrong owner.
        var staging = Path.Combine(parent, "new-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        File.SetUnixFileMode(staging, (UnixFileMode)(mount.Mode ?? 0x1ED));
        if (mount.Uid is not null || mount.Gid is not null)
        {
            Berth.Linux.Files.FileNodes.Lchown(staging, (int)(mount.Uid ?? 0), (int)(mount.Gid ?? 0));
        }

        try
        {
            Directory.Move(staging, dir);
        }
        catch (IOException) when (Directory.Exists(dir))
        {
            Directory.Delete(staging);
        }

        return dir;
    }

    /// <summary>
    /// A bind from the build context: a private copy of what the source names (.dockerignore applies,
    /// symlinks stay symlinks), so a read-write mount's writes are thrown away with the build as
    /// BuildKit does, and the received context never changes under later COPY steps.
    /// </summary>
    private (string HostPath, string Hash) ContextBindSource(RunMount mount)
    {
        var path = PathClean.Clean("/" + mount.Source).TrimStart('/') is { Length: > 0 } s ? s : ".";
        var entry = _job.Context.IsExcluded(path) && path != "." ? null : _job.Context.Resolve(path);
        if (entry is null || entry.Kind == ContextEntryKind.Symlink)
        {
            throw EngineException.InvalidArgument($"failed to compute cache key: \"/{mount.Source}\" not found");
        }

        var hash = CopySources.Hash(_job.Context, [new CopySourceMatch(entry.Path, entry)]);
        var copy = Path.Combine(_job.WorkDir, "bind-" + Guid.NewGuid().ToString("N"));
        ContextCopy.Materialize(_job.Context, entry, copy);
        return (copy, hash);
    }
}
