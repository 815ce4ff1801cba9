using System.Diagnostics;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>
/// RUN --mount=type=ssh with `berth build --ssh`: a real ssh-agent with a key, and Debian's ssh-add
/// (with its libraries) copied into the busybox image, lists that key from inside a RUN.
/// </summary>
public sealed class BuildSshMountTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();
    private Process? _agent;

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public async Task DisposeAsync()
    {
        if (_agent is { HasExited: false })
        {
            _agent.Kill();
            await _agent.WaitForExitAsync();
        }

        _agent?.Dispose();
        await _daemon.DisposeAsync();
    }

    private Task<CliResult> BuildAsync(string? sshAuthSock, params string[] args) =>
        ProcessRunner.RunAsync(BerthPaths.Berth, ["-H", _daemon.Host, "build", .. args],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = null, ["BERTH_HOST"] = null, ["SSH_AUTH_SOCK"] = sshAuthSock });

    private async Task<IReadOnlyList<string>> RunAsync(string image, params string[] command) =>
        (await _daemon.RunCliAsync(["run", "--rm", image, .. command])).EnsureSuccess().Lines;

    [RequiresBinaryFact("ssh-agent", "ssh-add", "ssh-keygen", BerthdOnly = "berth build --ssh travels in a Berth request header")]
    public async Task Ssh_mount_forwards_the_agent_with_its_keys_and_leaves_no_socket_behind()
    {
        var socket = await StartAgentWithKeyAsync();
        var expected = (await ProcessRunner.RunAsync(new BinaryCommand("ssh-add", []), ["-l"],
            new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socket })).EnsureSuccess().Lines;
        Assert.Single(expected);

        var ctx = ContextWithSshAdd("ssh", """
            FROM busybox
            COPY rootfs/ /
            RUN --mount=type=ssh ssh-add -l > /keys.txt && echo "$SSH_AUTH_SOCK" > /sock.txt && stat -c '%a %u:%g %F' "$SSH_AUTH_SOCK" > /sock.stat
            RUN --mount=type=ssh,id=other,target=/tmp/agent.sock,mode=0660,uid=1000,gid=1000 SSH_AUTH_SOCK=/tmp/agent.sock ssh-add -l > /other.txt && stat -c '%a %u:%g' /tmp/agent.sock > /other.stat
            RUN --mount=type=ssh,id=unsent echo optional-ran > /optional.txt
            """);
        // "other" without a path takes $SSH_AUTH_SOCK, as docker does.
        var build = await BuildAsync(socket, "--ssh", $"default={socket}", "--ssh", "other", "-t", "ssh:1", ctx);
        build.EnsureSuccess();

        Assert.Equal(expected, await RunAsync("ssh:1", "cat", "/keys.txt"));
        Assert.Equal(expected, await RunAsync("ssh:1", "cat", "/other.txt"));
        Assert.Equal(["/run/buildkit/ssh_agent.0"], await RunAsync("ssh:1", "cat", "/sock.txt"));
        Assert.Equal(["600 0:0 socket"], await RunAsync("ssh:1", "cat", "/sock.stat"));
        Assert.Equal(["660 1000:1000"], await RunAsync("ssh:1", "cat", "/other.stat"));
        Assert.Equal(["optional-ran"], await RunAsync("ssh:1", "cat", "/optional.txt"));

        var layers = await BuildImageLayers.SaveAsync(_daemon, "ssh:1");
        Assert.DoesNotContain(layers.Entries, e => e.StartsWith("run", StringComparison.Ordinal) || e == "tmp/agent.sock");
        Assert.DoesNotContain("SSH_AUTH_SOCK=", (await _daemon.RunCliAsync(["image", "inspect", "ssh:1"])).EnsureSuccess().Stdout);
        Assert.DoesNotContain(MountTable.MountsUnder(_daemon.DataRoot), m => m.Contains("secrets-", StringComparison.Ordinal));
    }

    [RequiresBinaryFact("ssh-agent", "ssh-keygen", BerthdOnly = "berth build --ssh travels in a Berth request header")]
    public async Task Missing_required_ssh_agent_fails_with_buildkits_words()
    {
        var ctx = Path.Combine(_daemon.Root, "ctx-required");
        Directory.CreateDirectory(ctx);
        File.WriteAllText(Path.Combine(ctx, "Dockerfile"), "FROM busybox\nRUN --mount=type=ssh,required=true true\n");

        var none = await BuildAsync(null, "-t", "ssh:none", ctx);
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("no SSH key \"default\" forwarded from the client", none.Stderr);

        var socket = await StartAgentWithKeyAsync();
        var other = await BuildAsync(null, "--ssh", $"other={socket}", ctx);
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("unset ssh forward key default", other.Stderr);

        var unset = await BuildAsync(null, "--ssh", "default", ctx);
        Assert.Contains("invalid empty ssh agent socket: make sure SSH_AUTH_SOCK is set", unset.Stderr);
        Assert.NotEqual(0, (await _daemon.RunCliAsync(["image", "inspect", "ssh:none"])).ExitCode);
    }

    private async Task<string> StartAgentWithKeyAsync()
    {
        var dir = Path.Combine(_daemon.Root, "agent");
        Directory.CreateDirectory(dir);
        var key = Path.Combine(dir, "id_ed25519");
        var socket = Path.Combine(dir, "agent.sock");
        (await ProcessRunner.RunAsync(new BinaryCommand("ssh-keygen", []), ["-q", "-t", "ed25519", "-N", "", "-C", "berth-test-key", "-f", key])).EnsureSuccess();
        var psi = new ProcessStartInfo("ssh-agent") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-D", "-a", socket })
        {
            psi.ArgumentList.Add(arg);
        }

        _agent = Process.Start(psi)!;
        for (var i = 0; i < 100 && !File.Exists(socket); i++)
        {
            await Task.Delay(50);
        }

        (await ProcessRunner.RunAsync(new BinaryCommand("ssh-add", []), ["-q", key],
            new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = socket })).EnsureSuccess();
        return socket;
    }

    /// <summary>A context whose rootfs/ holds the host's ssh-add and the shared libraries ldd names for it.</summary>
    private string ContextWithSshAdd(string name, string dockerfile)
    {
        var ctx = Path.Combine(_daemon.Root, "ctx-" + name);
        var rootfs = Path.Combine(ctx, "rootfs");
        Directory.CreateDirectory(rootfs);
        File.WriteAllText(Path.Combine(ctx, "Dockerfile"), dockerfile);
        var sshAdd = "/usr/bin/ssh-add";
        var ldd = ProcessRunner.RunAsync(new BinaryCommand("ldd", []), [sshAdd]).GetAwaiter().GetResult().EnsureSuccess();
        var files = new List<string> { sshAdd };
        foreach (var line in ldd.Lines)
        {
            var path = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(p => p.StartsWith('/'));
            if (path is not null)
            {
                files.Add(path);
            }
        }

        foreach (var file in files)
        {
            var target = Path.Combine(rootfs, file.TrimStart('/'));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target); // follows symlinks: the library itself under its soname
            File.SetUnixFileMode(target, (UnixFileMode)0x1ED);
        }

        return ctx;
    }
}
