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
        var (mountBinds, tmpfs, mountText) = RunMounts(run);
        var binds = mountBinds;
        if (script is not null)
        {
            binds = [.. mountBinds, $"{WriteScript(script.Content)}:{command[0]}:ro"];
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

        var spec = new ContainerSpec
        {
            Image = _state.ImageId,
            Cmd = command,
            Entrypoint = [],
            Env = [.. _state.Variables.RunEnvironment().Select(kv => kv.Key + "=" + kv.Value)],
            User = _state.User.Length > 0 ? _state.User : null,
            WorkingDir = _state.WorkingDir,
            NetworkMode = network is "default" or "" ? "default" : network,
            Binds = binds,
            Tmpfs = tmpfs,
        };
        var created = await _job.Services.Containers.CreateAsync(null, spec, Cancellation).ConfigureAwait(false);
        var id = created.Id;
        await Reporter.RunningInAsync(id).ConfigureAwait(false);
        var removeAfter = _job.Request.Remove || _job.Request.ForceRemove;
        var succeeded = false;
        try
        {
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
                if (removeAfter)
                {
                    await RemoveContainerAsync(id).ConfigureAwait(false);
                    await Reporter.RemovingAsync(id).ConfigureAwait(false);
                    removeAfter = false;
                }

                await CommitAsync(key, "RUN " + createdBy, createdBy, diff).ConfigureAwait(false);
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

    private async Task<int> RunContainerAsync(string id)
    {
        var containers = _job.Services.Containers;
        await containers.StartAsync(id, Cancellation).ConfigureAwait(false);
        var logs = new LogsOptions { Follow = true, Stdout = true, Stderr = true };
        await foreach (var entry in containers.LogsAsync(id, logs, Cancellation).ConfigureAwait(false))
        {
            await Reporter.RawAsync(Encoding.UTF8.GetString(entry.Data.Span)).ConfigureAwait(false);
        }

        return await containers.WaitAsync(id, WaitCondition.NotRunning, Cancellation).ConfigureAwait(false);
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
