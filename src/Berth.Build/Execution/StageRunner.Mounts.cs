using System.Security.Cryptography;
using System.Text;
using Berth.Build.Context;
using Berth.Build.Instructions;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    /// <summary>A RUN --mount resolved enough to key the step: its in-container target, and for
    /// from= the image whose files it shows (null for a stage that is an empty scratch image).</summary>
    private sealed record MountPlan(RunMount Mount, string Target, string? FromImage, ContextEntry? ContextSource);

    /// <summary>
    /// Resolves the RUN's mounts and the text they add to the step's cache key. What keys the step is
    /// what BuildKit's exec op digest holds: for binds the content (context hash, or the from= image
    /// ID, which is content-addressed), for cache mounts only id, place and base, for secrets and ssh
    /// only their options: a changed secret value does not re-run a step.
    /// </summary>
    private async Task<(List<MountPlan> Plans, string KeyText)> PlanMountsAsync(RunInstruction run)
    {
        var plans = new List<MountPlan>();
        var text = new StringBuilder();
        var sshIndex = 0;
        foreach (var mount in run.Mounts)
        {
            switch (mount.Type)
            {
                case MountTypes.Tmpfs:
                {
                    var target = ResolveTarget(run, mount.Target);
                    plans.Add(new MountPlan(mount, target, null, null));
                    text.Append("\ntmpfs:").Append(target);
                    break;
                }

                case MountTypes.Cache:
                {
                    var target = ResolveTarget(run, mount.Target);
                    var image = mount.From.Length > 0 ? await MountSourceImageAsync(mount.From).ConfigureAwait(false) : null;
                    plans.Add(new MountPlan(mount, target, image, null));
                    text.Append("\ncache:").Append(CacheId(mount, target)).Append(':').Append(target);
                    if (mount.From.Length > 0)
                    {
                        text.Append(":from=").Append(image ?? "scratch").Append(':').Append(SourcePath(mount));
                    }

                    break;
                }

                case MountTypes.Bind when mount.From.Length == 0:
                {
                    var target = ResolveTarget(run, mount.Target);
                    var (entry, hash) = ContextBindSource(mount);
                    plans.Add(new MountPlan(mount, target, null, entry));
                    text.Append("\nbind:").Append(mount.Source).Append(':').Append(target).Append(':').Append(hash)
                        .Append(mount.ReadOnly ? ":ro" : ":rw");
                    break;
                }

                case MountTypes.Bind:
                {
                    var target = ResolveTarget(run, mount.Target);
                    var image = await MountSourceImageAsync(mount.From).ConfigureAwait(false);
                    plans.Add(new MountPlan(mount, target, image, null));
                    text.Append("\nbind-from:").Append(image ?? "scratch").Append(':').Append(SourcePath(mount)).Append(':').Append(target)
                        .Append(mount.ReadOnly ? ":ro" : ":rw");
                    break;
                }

                case MountTypes.Secret:
                {
                    var id = MountDefaults.SecretId(mount);
                    var target = MountDefaults.SecretTarget(mount) is { } t ? ResolveTarget(run, t) : "";
                    plans.Add(new MountPlan(mount with { Id = id }, target, null, null));
                    text.Append("\nsecret:").Append(id).Append(':').Append(target).Append(":env=").Append(mount.Env)
                        .Append(FileOptionsText(mount, mount.Required));
                    break;
                }

                case MountTypes.Ssh:
                {
                    var id = MountDefaults.SshMountId(mount);
                    var target = ResolveTarget(run, MountDefaults.SshTarget(mount, sshIndex++));
                    plans.Add(new MountPlan(mount with { Id = id }, target, null, null));
                    text.Append("\nssh:").Append(id).Append(':').Append(target).Append(FileOptionsText(mount, mount.Required));
                    break;
                }

                default:
                    throw EngineException.InvalidArgument($"{FileName}:{run.StartLine}: RUN --mount=type={mount.Type} is not supported by berthd's builder");
            }
        }

        return (plans, text.ToString());
    }

    /// <summary>Sets up what the plans need, right before the RUN's container is made (only on a cache miss).</summary>
    private async Task<PreparedRunMounts> PrepareMountsAsync(List<MountPlan> plans)
    {
        var prepared = new PreparedRunMounts(_job.WorkDir);
        try
        {
            foreach (var plan in plans)
            {
                await PrepareMountAsync(prepared, plan).ConfigureAwait(false);
            }

            if (plans.FirstOrDefault(p => p.Mount.Type == MountTypes.Ssh) is { } firstSsh
                && !_state.Variables.RunEnvironment().Any(kv => kv.Key == "SSH_AUTH_SOCK"))
            {
                // llb's exec op points SSH_AUTH_SOCK at the first ssh mount unless the stage sets it.
                prepared.Env.Add("SSH_AUTH_SOCK=" + firstSsh.Target);
            }

            return prepared;
        }
        catch
        {
            await prepared.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task PrepareMountAsync(PreparedRunMounts prepared, MountPlan plan)
    {
        var mount = plan.Mount;
        var target = plan.Target;
        switch (mount.Type)
        {
            case MountTypes.Tmpfs:
                prepared.Tmpfs[target] = mount.SizeLimit > 0 ? $"size={mount.SizeLimit}" : "";
                break;
            case MountTypes.Cache:
                var cache = await CacheMountDirectoryAsync(plan).ConfigureAwait(false);
                prepared.Binds.Add($"{cache}:{target}" + (mount.ReadOnly ? ":ro" : ""));
                break;
            case MountTypes.Bind when plan.ContextSource is { } entry:
                var copy = prepared.NewCopyPath("bind");
                ContextCopy.Materialize(_job.Context, entry, copy);
                prepared.Binds.Add($"{copy}:{target}" + (mount.ReadOnly ? ":ro" : ""));
                break;
            case MountTypes.Bind:
                var files = prepared.NewCopyPath("bind-from");
                await ExtractMountSourceAsync(plan.FromImage, SourcePath(mount), files).ConfigureAwait(false);
                prepared.Binds.Add($"{files}:{target}" + (mount.ReadOnly ? ":ro" : ""));
                break;
            case MountTypes.Secret:
                PrepareSecret(prepared, mount, target);
                break;
            case MountTypes.Ssh:
                PrepareSsh(prepared, mount, target);
                break;
        }
    }

    /// <summary>
    /// The RUN sees the value at its target (a file on the secret tmpfs, mode 0400 root unless set)
    /// and/or as env=. A secret the client did not send is skipped unless required, as in BuildKit.
    /// </summary>
    private void PrepareSecret(PreparedRunMounts prepared, RunMount mount, string target)
    {
        if (!_job.Request.Secrets.TryGetValue(mount.Id, out var value))
        {
            if (mount.Required)
            {
                throw EngineException.InvalidArgument($"secret {mount.Id} not found: not found");
            }

            return;
        }

        if (target.Length > 0)
        {
            var file = prepared.Secrets.WriteFile("secret-" + Guid.NewGuid().ToString("N"), value, mount.Mode ?? 0x100, mount.Uid ?? 0, mount.Gid ?? 0);
            prepared.Binds.Add($"{file}:{target}:ro");
            prepared.StubTargets.Add(target);
        }

        if (mount.Env.Length > 0)
        {
            prepared.SecretEnv.Add((mount.Env, value));
        }
    }

    /// <summary>The client's agent (a socket on this host) reached through a proxy socket on the secret tmpfs.</summary>
    private void PrepareSsh(PreparedRunMounts prepared, RunMount mount, string target)
    {
        var agents = _job.Request.SshAgents;
        if (!agents.TryGetValue(mount.Id, out var agent))
        {
            if (!mount.Required)
            {
                return;
            }

            throw EngineException.InvalidArgument(agents.Count == 0
                ? $"no SSH key \"{mount.Id}\" forwarded from the client"
                : $"unset ssh forward key {mount.Id}");
        }

        if (!Berth.Linux.Files.FileStatus.TryStat(agent, follow: true, out var stat) || stat.FileType != Berth.Linux.Files.FileStat.S_IFSOCK)
        {
            throw EngineException.InvalidArgument($"ssh agent for {mount.Id} at {agent} is not a unix socket on berthd's host");
        }

        var socket = Path.Combine(prepared.Secrets.Path, "ssh-" + Guid.NewGuid().ToString("N")[..12]);
        prepared.AddProxy(SshAgentProxy.Start(socket, agent, mount.Mode ?? 0x180, mount.Uid ?? 0, mount.Gid ?? 0));
        prepared.Binds.Add($"{socket}:{target}");
        prepared.StubTargets.Add(target);
    }

    private string ResolveTarget(RunInstruction run, string target)
    {
        var resolved = MetadataSteps.ResolveWorkdir(_state.WorkingDir, target);
        if (resolved == "/")
        {
            throw EngineException.InvalidArgument($"{FileName}:{run.StartLine}: invalid mount target \"/\"");
        }

        return resolved;
    }

    private static string CacheId(RunMount mount, string target) => mount.Id.Length > 0 ? mount.Id : target;

    private static string SourcePath(RunMount mount) => PathClean.Clean("/" + mount.Source);

    private static string FileOptionsText(RunMount mount, bool required) =>
        $":required={required}:mode={mount.Mode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}" +
        $":uid={mount.Uid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}:gid={mount.Gid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}";

    /// <summary>
    /// The cache mount's directory, kept across builds under the builder's work root. uid, gid and
    /// mode apply when the cache is created (as in BuildKit); later builds see it as they left it. A
    /// cache with from= starts as a copy of that stage's or image's source and is a cache of its own
    /// per base, as BuildKit keys it.
    /// </summary>
    private async Task<string> CacheMountDirectoryAsync(MountPlan plan)
    {
        var mount = plan.Mount;
        var key = CacheId(mount, plan.Target) + (mount.From.Length > 0 ? "\nfrom=" + (plan.FromImage ?? "scratch") + ":" + SourcePath(mount) : "");
        var dir = Path.Combine(_job.Services.Options.WorkRoot, "cache-mounts",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32]);
        if (Directory.Exists(dir))
        {
            return dir;
        }

        var parent = Path.GetDirectoryName(dir)!;
        Directory.CreateDirectory(parent);
        // Prepared beside and renamed, so a parallel stage never sees a half-made cache.
        var staging = Path.Combine(parent, "new-" + Guid.NewGuid().ToString("N"));
        if (mount.From.Length > 0)
        {
            await ExtractMountSourceAsync(plan.FromImage, SourcePath(mount), staging).ConfigureAwait(false);
            if (!Directory.Exists(staging))
            {
                File.Delete(staging);
                throw EngineException.InvalidArgument($"cache mount source {SourcePath(mount)} of {mount.From} is not a directory");
            }
        }
        else
        {
            Directory.CreateDirectory(staging);
            File.SetUnixFileMode(staging, (UnixFileMode)0x1ED);
        }

        if (mount.Mode is { } mode)
        {
            File.SetUnixFileMode(staging, (UnixFileMode)(mode & 0xFFF));
        }

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
            Directory.Delete(staging, recursive: true);
        }

        return dir;
    }

    /// <summary>
    /// A bind from the build context: what the source names (.dockerignore applies). The copy is made
    /// at prepare time; a read-write mount's writes go to it and are thrown away with the build, as
    /// BuildKit does, and the received context never changes under later COPY steps.
    /// </summary>
    private (ContextEntry Entry, string Hash) ContextBindSource(RunMount mount)
    {
        var path = PathClean.Clean("/" + mount.Source).TrimStart('/') is { Length: > 0 } s ? s : ".";
        var entry = _job.Context.IsExcluded(path) && path != "." ? null : _job.Context.Resolve(path);
        if (entry is null || entry.Kind == ContextEntryKind.Symlink)
        {
            throw EngineException.InvalidArgument($"failed to compute cache key: \"/{mount.Source}\" not found");
        }

        return (entry, CopySources.Hash(_job.Context, [new CopySourceMatch(entry.Path, entry)]));
    }
}
