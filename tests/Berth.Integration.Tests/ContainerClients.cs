using Berth.Testing;

namespace Berth.Integration.Tests;

/// <summary>Runs the same command line through `berth` or the real docker CLI, so one test checks both.</summary>
internal static class ContainerClients
{
    public const string Berth = "berth";
    public const string Docker = "docker";

    public static Task<CliResult> RunAsync(this DaemonFixture daemon, string client, params string[] args) =>
        client == Docker ? daemon.RunDockerAsync(args, timeout: TimeSpan.FromSeconds(60)) : daemon.RunCliAsync(args, timeout: TimeSpan.FromSeconds(60));

    public static Task<CliResult> RunWithStdinAsync(this DaemonFixture daemon, string client, Stream stdin, params string[] args) =>
        client == Docker ? daemon.RunDockerAsync(args, stdin, TimeSpan.FromSeconds(60)) : daemon.RunCliAsync(args, stdin, TimeSpan.FromSeconds(60));

    /// <summary>The command line that starts <paramref name="client"/> against the daemon, for a shell (tmux).</summary>
    public static string ShellCommand(DaemonFixture daemon, string client)
    {
        if (client == Docker)
        {
            return BerthPaths.Docker.FileName;
        }
        if (TestEngine.IsDockerd)
        {
            return BerthPaths.Docker.FileName + " -H " + daemon.Host; // the fixture's RunCli is the docker CLI too
        }
        var berth = BerthPaths.Berth;
        return string.Join(' ', berth.PrefixArguments.Prepend(berth.FileName).Append("-H").Append(daemon.Host));
    }

    /// <summary>A name no other test uses.</summary>
    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    public static async Task<string> InspectAsync(this DaemonFixture daemon, string format, string container) =>
        (await daemon.RunCliAsync(["inspect", "-f", format, container])).EnsureSuccess().Stdout.Trim();

    /// <summary>Polls `inspect -f` until it prints <paramref name="expected"/>.</summary>
    public static async Task WaitForAsync(this DaemonFixture daemon, string format, string container, string expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            var r = await daemon.RunCliAsync(["inspect", "-f", format, container]);
            last = r.ExitCode == 0 ? r.Stdout.Trim() : r.Stderr.Trim();
            if (last == expected)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{container}: {format} stayed '{last}', expected '{expected}'");
    }
}
