namespace Berth.Testing;

/// <summary>
/// The host side of a private reference dockerd (BERTH_TEST_ENGINE=dockerd): its own bridge on a
/// free 10.223.N.0/24, and the iptables rules and chains dockerd adds, removed again afterwards.
/// dockerd flushes and re-creates its shared DOCKER* chains whenever one starts, so two of them
/// on one host would break each other's rules: a host-wide lock lets only one run at a time.
/// </summary>
internal sealed class DockerdHost
{
    private const string LockPath = "/run/lock/berth-test-dockerd.lock";
    private static readonly TimeSpan s_lockPatience = TimeSpan.FromMinutes(30);

    private readonly FileStream _lock;
    private readonly Dictionary<string, HashSet<string>> _rulesBefore;
    private readonly string _forwardPolicyBefore;

    private DockerdHost(FileStream hostLock, string bridge, string gatewayCidr, Dictionary<string, HashSet<string>> rulesBefore, string forwardPolicy)
    {
        _lock = hostLock;
        BridgeName = bridge;
        GatewayCidr = gatewayCidr;
        _rulesBefore = rulesBefore;
        _forwardPolicyBefore = forwardPolicy;
    }

    /// <summary>The default bridge, made by us: dockerd's --bridge wants an existing one (and refuses --bip with it).</summary>
    public string BridgeName { get; }

    public string GatewayCidr { get; }

    public static string DockerdPath =>
        Environment.GetEnvironmentVariable("BERTH_TEST_DOCKERD") is { Length: > 0 } d ? d
            : TestEnvironment.FindExecutable("dockerd") ?? "/usr/sbin/dockerd";

    public static async Task<DockerdHost> AcquireAsync(string bridgeName, CancellationToken cancellationToken)
    {
        FileStream hostLock = await LockAsync(cancellationToken);
        try
        {
            var rules = new Dictionary<string, HashSet<string>>();
            foreach (string table in Tables)
            {
                rules[table] = [.. Rules(await RunOkAsync("iptables-save", ["-t", table]))];
            }
            string policy = ForwardPolicy(await RunOkAsync("iptables", ["-S", "FORWARD"]));
            string gateway = await FreeGatewayAsync();
            await RunOkAsync("ip", ["link", "add", bridgeName, "type", "bridge"]);
            await RunOkAsync("ip", ["addr", "add", gateway, "dev", bridgeName]);
            await RunOkAsync("ip", ["link", "set", bridgeName, "up"]);
            return new DockerdHost(hostLock, bridgeName, gateway, rules, policy);
        }
        catch
        {
            await hostLock.DisposeAsync();
            throw;
        }
    }

    /// <summary>The dockerd command line besides the roots and socket.</summary>
    public IEnumerable<string> Arguments()
    {
        // iptables on: the network tests check Docker's isolation and publishing rules. --ip-forward=false
        // leaves the host's sysctl and FORWARD policy alone (dockerd sets DROP when it enables forwarding).
        yield return "--bridge=" + BridgeName;
        yield return "--iptables=true";
        yield return "--ip-forward=false";
        yield return "--storage-driver=overlay2";
        if ((TestEnvironment.FindExecutable("docker-proxy") ?? TestEnvironment.FindExecutable("/usr/sbin/docker-proxy")) is { } proxy)
        {
            yield return "--userland-proxy-path=" + proxy;
        }
    }

    /// <summary>
    /// After dockerd stopped: deletes the bridges given, every iptables rule added since
    /// <see cref="AcquireAsync"/> that is dockerd's (names a DOCKER chain or one of the bridges),
    /// the DOCKER chains that did not exist before, restores the FORWARD policy and releases the host lock.
    /// </summary>
    public async Task ReleaseAsync(IReadOnlyCollection<string> bridges)
    {
        try
        {
            var ours = bridges.Append(BridgeName).ToHashSet(StringComparer.Ordinal);
            foreach (string bridge in ours.Where(b => Directory.Exists("/sys/class/net/" + b)))
            {
                await RunAsync("ip", ["link", "delete", bridge]);
            }
            foreach (string table in Tables)
            {
                var now = Rules(await RunOkAsync("iptables-save", ["-t", table])).ToList();
                var added = now.Where(r => !_rulesBefore[table].Contains(r) && IsDockerds(r, ours)).ToList();
                // Jumps and rules in the built-in chains first, then the new chains: flush all, delete all.
                foreach (string rule in added.Where(r => r.StartsWith("-A ", StringComparison.Ordinal)))
                {
                    await RunAsync("iptables", ["-t", table, "-D", .. rule[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
                }
                var chains = added.Where(r => r.StartsWith(':')).Select(r => r[1..].Split(' ')[0]).ToList();
                foreach (string chain in chains)
                {
                    await RunAsync("iptables", ["-t", table, "-F", chain]);
                }
                foreach (string chain in chains)
                {
                    await RunAsync("iptables", ["-t", table, "-X", chain]);
                }
            }
            if (ForwardPolicy(await RunOkAsync("iptables", ["-S", "FORWARD"])) != _forwardPolicyBefore)
            {
                await RunAsync("iptables", ["-P", "FORWARD", _forwardPolicyBefore]);
            }
        }
        finally
        {
            await _lock.DisposeAsync();
        }
    }

    private static readonly string[] Tables = ["filter", "nat"];

    private static bool IsDockerds(string rule, IReadOnlySet<string> bridges) =>
        rule.Contains("DOCKER", StringComparison.Ordinal)
        || rule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => bridges.Contains(w) || w.StartsWith("br-", StringComparison.Ordinal));

    // Chain declarations without their counters (":DOCKER - [0:0]" → ":DOCKER") and rules.
    private static IEnumerable<string> Rules(string save) =>
        save.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("-A ", StringComparison.Ordinal) || l.StartsWith(':'))
            .Select(l => l.StartsWith(':') ? l.Split(' ')[0] + " " : l.Trim());

    private static string ForwardPolicy(string rules) =>
        rules.Split('\n').FirstOrDefault(l => l.StartsWith("-P FORWARD ", StringComparison.Ordinal))?["-P FORWARD ".Length..].Trim() ?? "ACCEPT";

    private static async Task<string> FreeGatewayAsync()
    {
        string routes = await RunOkAsync("ip", ["-4", "route", "show", "table", "all"]);
        foreach (int n in Enumerable.Range(0, 256).OrderBy(_ => Random.Shared.Next()))
        {
            if (!routes.Contains($"10.223.{n}.", StringComparison.Ordinal))
            {
                return $"10.223.{n}.1/24";
            }
        }
        throw new InvalidOperationException("no free 10.223.N.0/24 for the dockerd bridge");
    }

    // .NET takes an flock for FileShare.None on Unix: exclusive across processes, released on close or exit.
    private static async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockPath)!);
        var deadline = DateTime.UtcNow + s_lockPatience;
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static async Task<string> RunOkAsync(string program, string[] args) =>
        (await RunAsync(program, args)).EnsureSuccess().Stdout;

    private static Task<CliResult> RunAsync(string program, string[] args)
    {
        string path = TestEnvironment.FindExecutable(program) ?? TestEnvironment.FindExecutable("/usr/sbin/" + program)
            ?? throw new FileNotFoundException($"{program} is not installed");
        return ProcessRunner.RunAsync(new BinaryCommand(path, []), args, timeout: TimeSpan.FromSeconds(30));
    }
}
