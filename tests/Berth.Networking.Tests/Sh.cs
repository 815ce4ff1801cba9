using Berth.Testing;

namespace Berth.Networking.Tests;

/// <summary>Runs host tools (ip, iptables-save, busybox) to observe what the code under test did.</summary>
internal static class Sh
{
    public static CliResult Run(string program, params string[] arguments) =>
        ProcessRunner.RunAsync(new BinaryCommand(TestEnvironment.FindExecutable(program) ?? program, []), arguments, timeout: TimeSpan.FromSeconds(30))
            .GetAwaiter().GetResult();

    public static string Ok(string program, params string[] arguments) => Run(program, arguments).EnsureSuccess().Stdout;

    /// <summary>Runs a program inside the network namespace pinned at <paramref name="netns"/>.</summary>
    public static CliResult InNetns(string netns, string program, params string[] arguments) =>
        Run("nsenter", [$"--net={netns}", TestEnvironment.FindExecutable(program) ?? program, .. arguments]);

    /// <summary>A unique short suffix for names that must fit IFNAMSIZ (15 chars).</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..6];
}
