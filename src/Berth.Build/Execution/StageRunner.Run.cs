using System.Text;
using System.Text.RegularExpressions;
using Berth.Build.Instructions;
using Berth.Core.Build;
using Berth.Core.Containers;
using Berth.Core.Errors;

namespace Berth.Build.Execution;

internal sealed partial class StageRunner
{
    /// <summary>
    /// RUN: a container from the current image (the SHELL-wrapped or exec-form command, ENV plus the
    /// build args in effect, USER, WORKDIR, network), its output streamed, its diff committed as a layer.
    /// </summary>
    private async Task RunAsync(RunInstruction run)
    {
        var (command, script) = RunCommand(run);
        var buildArgs = BuildArgEnvironment();
        // The legacy builder's history/cache text: "|2 A=1 B=2 /bin/sh -c make" when build args apply.
        var createdBy = (buildArgs.Count > 0 ? $"|{buildArgs.Count} {string.Join(' ', buildArgs)} " : "") + string.Join(' ', command);
        var network = run.Network is "default" or "" ? _job.Request.NetworkMode : run.Network;
        var (plans, mountText) = await PlanMountsAsync(run).ConfigureAwait(false);
        if (script is not null)
        {
            mountText += "\nscript:" + script.Content;
        }

        var key = Key("RUN " + createdBy + "\nnetwork=" + network + mountText);
        if (await TryCacheAsync(key).ConfigureAwait(false))
        {
            return;
        }

        if (_state.ImageId is null)
        {
            throw EngineException.InvalidArgument($"{FileName}:{run.StartLine}: cannot RUN on an empty image (FROM scratch): no /bin/sh");
        }

        var mounts = await PrepareMountsAsync(plans).ConfigureAwait(false);
        await using (mounts.ConfigureAwait(false))
        {
            if (script is not null)
            {
                mounts.Binds.Add($"{WriteScript(script.Content)}:{command[0]}:ro");
            }

            await RunInContainerAsync(command, createdBy, key, network, mounts).ConfigureAwait(false);
        }
    }

    private async Task RunInContainerAsync(IReadOnlyList<string> command, string createdBy, string key, string network, PreparedRunMounts mounts)
    {
        var wrapper = mounts.PrepareEnvWrapper();
        var spec = new ContainerSpec
        {
            Image = _state.ImageId!,
            Cmd = wrapper is null ? command : [wrapper, .. command],
            Entrypoint = [],
            Env = [.. _state.Variables.RunEnvironment().Select(kv => kv.Key + "=" + kv.Value), .. mounts.Env],
            User = _state.User.Length > 0 ? _state.User : null,
            WorkingDir = _state.WorkingDir,
            NetworkMode = network is "default" or "" ? "default" : network,
            Binds = mounts.Binds,
            Tmpfs = mounts.Tmpfs,
        };
        var created = await _job.Services.Containers.CreateAsync(null, spec, Cancellation).ConfigureAwait(false);
        var id = created.Id;
        await Reporter.RunningInAsync(id).ConfigureAwait(false);
        var removeAfter = _job.Request.Remove || _job.Request.ForceRemove;
        var succeeded = false;
        try
        {
            if (wrapper is not null && await StatOrNullAsync(id, "/bin/sh").ConfigureAwait(false) is null)
            {
                throw EngineException.InvalidArgument(
                    "RUN --mount=type=secret,env= needs /bin/sh in the image: berthd hands secret environment variables to the command through a shell so they are never stored with the container");
            }

            // The image's layers answer without mounting the container's rootfs for every lookup.
            var view = _state.ImageId is null ? null : await OpenLayerViewAsync(_state.ImageId).ConfigureAwait(false);
            var stubs = await FindMountStubsAsync(id, view, [.. mounts.StubTargets, .. NetworkFileTargets]).ConfigureAwait(false);
            var exitCode = await RunContainerAsync(id).ConfigureAwait(false);
            if (exitCode != 0)
            {
                removeAfter = _job.Request.ForceRemove;
                throw new BuildCommandFailedException(string.Join(' ', command), exitCode);
            }

            var diff = NewTempFile();
            await using (diff.ConfigureAwait(false))
            {
                await _job.Services.Filesystem.WriteLayerDiffAsync(id, diff, Cancellation).ConfigureAwait(false);
                diff.Position = 0;
                // The diff is on disk: the container can go while the layer is committed.
                Task? removal = null;
                if (removeAfter)
                {
                    removal = RemoveContainerAsync(id);
                    removeAfter = false;
                }

                async ValueTask RemovedAsync()
                {
                    if (removal is not null)
                    {
                        await removal.ConfigureAwait(false);
                        removal = null;
                        await Reporter.RemovingAsync(id).ConfigureAwait(false);
                    }
                }

                try
                {
                    if (stubs.IsEmpty)
                    {
                        await CommitAsync(key, "RUN " + createdBy, createdBy, diff, RemovedAsync).ConfigureAwait(false);
                    }
                    else
                    {
                        var filtered = NewTempFile();
                        await using (filtered.ConfigureAwait(false))
                        {
                            await stubs.FilterAsync(diff, filtered, Cancellation).ConfigureAwait(false);
                            filtered.Position = 0;
                            await CommitAsync(key, "RUN " + createdBy, createdBy, filtered, RemovedAsync).ConfigureAwait(false);
                        }
                    }
                }
                finally
                {
                    if (removal is not null)
                    {
                        await removal.ConfigureAwait(false); // the commit failed; the container is gone all the same
                    }
                }
            }

            succeeded = true;
        }
        finally
        {
            if (removeAfter)
            {
                await RemoveContainerAsync(id).ConfigureAwait(false);
                if (succeeded)
                {
                    await Reporter.RemovingAsync(id).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// The files every container gets bind-mounted; runc creates them when the image lacks them.
    /// Docker keeps them in a container's init layer and BuildKit removes such stubs, so neither
    /// puts them into a RUN's layer.
    /// </summary>
    private static readonly string[] NetworkFileTargets = ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf"];

    /// <summary>
    /// Before the RUN starts: which parts of each secret/ssh target the image lacks (runc will create
    /// them as mount points) and the permissions of the directories above them, for <see cref="MountStubFilter"/>.
    /// A target below a symlink is left alone: runc creates its stub where the link leads.
    /// </summary>
    private async Task<MountStubFilter> FindMountStubsAsync(string container, IImageFiles? view, IReadOnlyList<string> targets)
    {
        var filter = new MountStubFilter();
        foreach (var target in targets)
        {
            var parts = MountStubFilter.Normalize(target).Split('/');
            var created = new List<string>();
            var touched = new Dictionary<string, uint>(StringComparer.Ordinal);
            var path = "";
            var viaSymlink = false;
            foreach (var part in parts)
            {
                path = path.Length == 0 ? part : path + "/" + part;
                if (created.Count > 0)
                {
                    created.Add(path);
                    continue;
                }

                var stat = await StatOrNullAsync(container, view, "/" + path).ConfigureAwait(false);
                if (stat is null)
                {
                    created.Add(path);
                }
                else if ((stat.Mode & PathStat.ModeSymlink) != 0)
                {
                    viaSymlink = true;
                    break;
                }
                else if (stat.IsDirectory)
                {
                    touched[path] = stat.Mode & 0x1FF;
                }
            }

            if (viaSymlink || created.Count == 0)
            {
                continue;
            }

            filter.Created.UnionWith(created);
            foreach (var (dir, mode) in touched)
            {
                filter.Touched[dir] = mode;
            }
        }

        return filter;
    }

    /// <summary>The stat of a path of the RUN's not yet started container, from the image's layers when they can tell.</summary>
    private async Task<PathStat?> StatOrNullAsync(string container, IImageFiles? view, string path)
    {
        if (view is not null)
        {
            try
            {
                return await view.StatAsync(path, Cancellation).ConfigureAwait(false);
            }
            catch (NeedsContainerException)
            {
                // A symlink on the way: the container filesystem resolves it.
            }
        }

        return await StatOrNullAsync(container, path).ConfigureAwait(false);
    }

    private async Task<PathStat?> StatOrNullAsync(string container, string path)
    {
        try
        {
            return await _job.Services.Filesystem.StatPathAsync(container, path, Cancellation).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind is ErrorKind.NotFound or ErrorKind.InvalidArgument)
        {
            return null;
        }
    }

    /// <summary>
    /// Attached before the start, as `docker run` is: output arrives as conmon forwards it and the
    /// stream ends when the process exits, so nothing waits on a log-file poll interval.
    /// </summary>
    private async Task<int> RunContainerAsync(string id)
    {
        var containers = _job.Services.Containers;
        var session = await containers.AttachAsync(id, new AttachOptions(Stdin: false, Stdout: true, Stderr: true), Cancellation).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            await containers.StartAsync(id, Cancellation).ConfigureAwait(false);
            var decoder = Encoding.UTF8.GetDecoder();
            var chars = new char[4096];
            await foreach (var frame in session.ReadOutputAsync(Cancellation).ConfigureAwait(false))
            {
                await Reporter.RawAsync(Decode(decoder, frame.Data.Span, ref chars, flush: false)).ConfigureAwait(false);
            }

            var rest = Decode(decoder, [], ref chars, flush: true);
            if (rest.Length > 0)
            {
                await Reporter.RawAsync(rest).ConfigureAwait(false);
            }
        }

        return await containers.WaitAsync(id, WaitCondition.NotRunning, Cancellation).ConfigureAwait(false);
    }

    /// <summary>Output frames may split a UTF-8 sequence; the decoder carries the partial bytes over.</summary>
    private static string Decode(Decoder decoder, ReadOnlySpan<byte> bytes, ref char[] chars, bool flush)
    {
        var needed = decoder.GetCharCount(bytes, flush);
        if (needed > chars.Length)
        {
            chars = new char[needed];
        }

        var count = decoder.GetChars(bytes, chars, flush);
        return new string(chars, 0, count);
    }

    private async Task RemoveContainerAsync(string id)
    {
        try
        {
            await _job.Services.Containers.RemoveAsync(id, force: true, removeVolumes: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (EngineException)
        {
            // Gone already.
        }
    }

    /// <summary>
    /// Shell or exec form. A lone heredoc is the script (BuildKit's RUN &lt;&lt;EOF): run by the shell, or,
    /// when it starts with "#!", run as an executable file mounted at /dev/pipes/NAME as BuildKit does.
    /// </summary>
    private (IReadOnlyList<string> Command, Parsing.Heredoc? Script) RunCommand(RunInstruction run)
    {
        if (run.Heredocs.Count == 0 || !run.PrependShell)
        {
            return (MetadataSteps.CommandLine(run, _state), null);
        }

        var line = run.CommandLine.Count > 0 ? run.CommandLine[0] : "";
        var first = run.Heredocs[0];
        if (run.Heredocs.Count == 1 && HeredocOnly().IsMatch(line.Trim()))
        {
            var body = first.ChompedContent();
            return body.StartsWith("#!", StringComparison.Ordinal)
                ? (["/dev/pipes/" + first.Name], first with { Content = body })
                : ([.. _state.Shell, body], null);
        }

        // The shell reads heredocs itself: hand it the command followed by the bodies and terminators.
        var script = new StringBuilder(line).Append('\n');
        foreach (var heredoc in run.Heredocs)
        {
            script.Append(heredoc.Content);
            if (!heredoc.Content.EndsWith('\n') && heredoc.Content.Length > 0)
            {
                script.Append('\n');
            }

            script.Append(heredoc.Name).Append('\n');
        }

        return ([.. _state.Shell, script.ToString()], null);
    }

    private string WriteScript(string content)
    {
        var path = Path.Combine(_job.WorkDir, "script-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
        return path;
    }

    /// <summary>ARGs with a value that no ENV overrides, sorted, as "K=V" (what the legacy builder passes and records).</summary>
    private List<string> BuildArgEnvironment()
    {
        var env = _state.Variables.Env;
        return [.. _state.Variables.Args.Where(a => !env.ContainsKey(a.Key)).Select(a => a.Key + "=" + a.Value).Order(StringComparer.Ordinal)];
    }

    private FileStream NewTempFile() => new(
        Path.Combine(_job.WorkDir, Guid.NewGuid().ToString("N") + ".tar"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    [GeneratedRegex("^<<-?['\"]?[A-Za-z0-9_]+['\"]?$")]
    private static partial Regex HeredocOnly();
}
