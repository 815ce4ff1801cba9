using System.Security.Cryptography;
using System.Text;

namespace Berth.Testing;

/// <summary>Captures <see cref="LeftoverSnapshot"/>s for a <see cref="DaemonFixture"/>.</summary>
public static class LeftoverProbe
{
    /// <summary>The default bridge a private daemon names from its exec root (as NetworkDefaults does; for a dockerd the fixture makes it).</summary>
    public static string DefaultBridgeName(string execRoot) => (TestEngine.IsDockerd ? "bd-" : "berth-") + Tag(execRoot);

    /// <summary>The prefix of every iptables chain of a private daemon.</summary>
    public static string ChainPrefix(string execRoot) => "BERTH-" + Tag(execRoot).ToUpperInvariant();

    /// <summary>The bridge of a user-defined network (without a bridge name option): bt-&lt;12 hex of its ID&gt; (dockerd: br-).</summary>
    public static string UserBridgeName(string networkId) => (TestEngine.IsDockerd ? "br-" : "bt-") + networkId[..12];

    /// <summary>
    /// Snapshot of the daemon's host state. <paramref name="bridges"/> names user network bridges to
    /// watch besides the default one; links count when they are one of the bridges or enslaved to one.
    /// </summary>
    public static async Task<LeftoverSnapshot> CaptureAsync(DaemonFixture daemon, IEnumerable<string> bridges)
    {
        var watched = bridges.Append(DefaultBridgeName(daemon.ExecRoot)).ToHashSet(StringComparer.Ordinal);
        string prefix = ChainPrefix(daemon.ExecRoot);

        var links = (await RunAsync("ip", ["-o", "link", "show"])).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (Name: LinkName(line), Line: line))
            .Where(l => watched.Contains(l.Name) || watched.Any(b => l.Line.Contains(" master " + b + " ", StringComparison.Ordinal)))
            .Select(l => l.Name)
            .ToHashSet(StringComparer.Ordinal);

        var rules = (await RunAsync("iptables-save", [])).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Where(line => line.Contains(prefix, StringComparison.Ordinal) || watched.Any(b => ContainsWord(line, b)))
            .Select(line => line.Trim())
            .ToHashSet(StringComparer.Ordinal);

        // A dockerd deletes unmounted namespace files in a 60 s garbage collection; held ones are mounts (below).
        string netnsDir = Path.Combine(daemon.ExecRoot, "netns");
        var netns = Directory.Exists(netnsDir) && !TestEngine.IsDockerd
            ? Directory.EnumerateFileSystemEntries(netnsDir).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);

        var mounts = MountTable.MountsUnder(daemon.Root).ToHashSet(StringComparer.Ordinal);
        return new LeftoverSnapshot(links, rules, netns, mounts);
    }

    /// <summary>
    /// Captures until nothing is new since <paramref name="baseline"/>, or <paramref name="patience"/>
    /// (5 s by default) runs out, and returns the last capture. A container's veths go with its
    /// network namespace in the kernel's asynchronous namespace cleanup, a few milliseconds after
    /// the removal returned.
    /// </summary>
    public static async Task<LeftoverSnapshot> CaptureSettledAsync(DaemonFixture daemon, IEnumerable<string> bridges, LeftoverSnapshot baseline, TimeSpan? patience = null)
    {
        var watched = bridges.ToList();
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            LeftoverSnapshot now = await CaptureAsync(daemon, watched);
            if (now.NewSince(baseline) == "" || DateTime.UtcNow > deadline)
            {
                return now;
            }
            await Task.Delay(50);
        }
    }

    private static string Tag(string execRoot)
    {
        string root = Path.GetFullPath(execRoot).TrimEnd('/');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..8];
    }

    // "7: vethabc@if2: <BROADCAST,…> mtu 1500 … master bt-… state UP …"
    private static string LinkName(string line)
    {
        string[] fields = line.Split(':', 3);
        string name = fields.Length > 1 ? fields[1].Trim() : line;
        int at = name.IndexOf('@');
        return at < 0 ? name : name[..at];
    }

    private static bool ContainsWord(string line, string word) =>
        line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Contains(word, StringComparer.Ordinal);

    private static async Task<string> RunAsync(string program, string[] args)
    {
        string path = TestEnvironment.FindExecutable(program) ?? TestEnvironment.FindExecutable("/usr/sbin/" + program)
            ?? throw new FileNotFoundException($"{program} is not installed");
        return (await ProcessRunner.RunAsync(new BinaryCommand(path, []), args)).EnsureSuccess().Stdout;
    }
}
