using System.Text;

namespace Berth.Testing;

/// <summary>
/// What one private daemon has put on the host: its links (bridges and the veths on them), its
/// iptables rules, network namespace files and mounts. Capture before and after a test and compare:
/// whatever appears only afterwards was leaked.
/// </summary>
public sealed record LeftoverSnapshot(
    IReadOnlySet<string> Links, IReadOnlySet<string> IptablesLines, IReadOnlySet<string> NetnsFiles, IReadOnlySet<string> Mounts)
{
    /// <summary>Everything in this snapshot that <paramref name="baseline"/> lacks, one item a line; empty if nothing.</summary>
    public string NewSince(LeftoverSnapshot baseline)
    {
        var sb = new StringBuilder();
        Append(sb, "link", Links, baseline.Links);
        Append(sb, "iptables", IptablesLines, baseline.IptablesLines);
        Append(sb, "netns", NetnsFiles, baseline.NetnsFiles);
        Append(sb, "mount", Mounts, baseline.Mounts);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string kind, IReadOnlySet<string> now, IReadOnlySet<string> before)
    {
        foreach (string item in now.Where(i => !before.Contains(i)).Order(StringComparer.Ordinal))
        {
            sb.Append(kind).Append(": ").AppendLine(item);
        }
    }
}
