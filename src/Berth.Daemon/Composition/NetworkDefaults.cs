using System.Security.Cryptography;
using System.Text;
using Berth.Networking;

namespace Berth.Daemon.Composition;

/// <summary>
/// Network settings of one daemon. The system daemon (default exec root) owns bridge berth0 and the
/// BERTH iptables chains; a private daemon (tests, a second instance) gets a bridge and chain prefix
/// derived from its exec root, so daemons side by side never rewrite each other's bridge or rules.
/// </summary>
internal static class NetworkDefaults
{
    public const string SystemExecRoot = "/run/berth";

    public static bool IsSystem(string execRoot) => Path.GetFullPath(execRoot).TrimEnd('/') == SystemExecRoot;

    public static NetworkServiceOptions For(string execRoot)
    {
        var root = Path.GetFullPath(execRoot).TrimEnd('/');
        if (IsSystem(root))
        {
            return new NetworkServiceOptions { ExecRoot = root };
        }

        // 8 hex digits: "berth-" + 8 = 14 characters, under Linux's 15-character interface names.
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..8];
        return new NetworkServiceOptions
        {
            ExecRoot = root,
            DefaultBridgeName = "berth-" + tag,
            ChainPrefix = "BERTH-" + tag.ToUpperInvariant(),
        };
    }
}
