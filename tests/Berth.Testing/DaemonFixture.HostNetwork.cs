using System.Text.Json;

namespace Berth.Testing;

public sealed partial class DaemonFixture
{
    /// <summary>
    /// The bridges of this daemon's networks, read while it still runs. A private daemon's default
    /// bridge, user bridges and iptables chains outlive it (as docker0 outlives dockerd), but its
    /// data root is deleted with the fixture, so nothing would ever reuse or remove them: left alone
    /// they pile up until the default address pools are exhausted.
    /// </summary>
    private async Task<IReadOnlyList<string>> BridgesToRemoveAsync()
    {
        var bridges = new List<string> { LeftoverProbe.DefaultBridgeName(ExecRoot) };
        if (ProcessId is null)
        {
            return bridges;
        }
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var doc = JsonDocument.Parse(await _http.GetStringAsync("/networks", cts.Token));
            foreach (JsonElement n in doc.RootElement.EnumerateArray())
            {
                if (n.TryGetProperty("Options", out JsonElement o) && o.ValueKind == JsonValueKind.Object
                    && o.TryGetProperty("com.docker.network.bridge.name", out JsonElement b) && b.GetString() is { Length: > 0 } name)
                {
                    bridges.Add(name);
                }
                else if (n.GetProperty("Driver").GetString() == "bridge" && n.GetProperty("Id").GetString() is { Length: >= 12 } id)
                {
                    bridges.Add(LeftoverProbe.UserBridgeName(id));
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or JsonException)
        {
            // The daemon does not answer: at least its default bridge and chains go.
        }
        return bridges.Distinct().ToList();
    }

    /// <summary>Deletes the bridges (their veths go with the namespaces) and every iptables chain with this daemon's prefix.</summary>
    private void RemoveHostNetworkState(IReadOnlyList<string> bridges)
    {
        if (!TestEnvironment.IsRoot)
        {
            return;
        }
        foreach (string bridge in bridges.Where(b => Directory.Exists("/sys/class/net/" + b)))
        {
            Run("ip", ["link", "delete", bridge]);
        }
        string prefix = LeftoverProbe.ChainPrefix(ExecRoot);
        foreach (string table in new[] { "filter", "nat" })
        {
            var result = Run("iptables-save", ["-t", table]);
            if (result is null)
            {
                continue;
            }
            string[] lines = result.Split('\n');
            // Jumps from the built-in chains into ours first, then our chains: flush all, delete all.
            foreach (string rule in lines.Where(l => l.StartsWith("-A ", StringComparison.Ordinal)
                && !l.StartsWith("-A " + prefix, StringComparison.Ordinal) && l.Contains(" -j " + prefix, StringComparison.Ordinal)))
            {
                Run("iptables", ["-t", table, "-D", .. rule[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
            }
            var chains = lines.Where(l => l.StartsWith(":" + prefix, StringComparison.Ordinal)).Select(l => l[1..].Split(' ')[0]).ToList();
            chains.ForEach(c => Run("iptables", ["-t", table, "-F", c]));
            chains.ForEach(c => Run("iptables", ["-t", table, "-X", c]));
        }
    }

    private static string? Run(string program, string[] args)
    {
        if (TestEnvironment.FindExecutable(program) is not { } path)
        {
            return null;
        }
        var result = ProcessRunner.RunAsync(new BinaryCommand(path, []), args, timeout: TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return result.ExitCode == 0 ? result.Stdout : null;
    }
}
