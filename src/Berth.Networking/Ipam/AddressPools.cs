namespace Berth.Networking.Ipam;

/// <summary>
/// Where networks without an explicit subnet get theirs. Docker hands out 172.17.0.0/16 (docker0),
/// then 172.18-31.0.0/16, then 192.168.0.0/16 in /20s, ascending. Berth walks the same space from the
/// top (172.30, 172.29 ... 172.17, then 192.168.240.0/20 downwards), so a dockerd and berthd on one
/// host meet only when both have many networks; even then each skips subnets that are already routed
/// (a live docker bridge has a route), which is checked on every allocation. 172.31.0.0/16 is left
/// out: many cloud VPCs (AWS default VPC) use it.
/// </summary>
internal static class AddressPools
{
    public static IEnumerable<Ipv4Subnet> Candidates()
    {
        for (uint second = 30; second >= 17; second--)
        {
            yield return new Ipv4Subnet((172u << 24) | (second << 16), 16);
        }

        for (int third = 240; third >= 0; third -= 16)
        {
            yield return new Ipv4Subnet((192u << 24) | (168u << 16) | ((uint)third << 8), 20);
        }
    }

    /// <summary>The first candidate that overlaps none of <paramref name="taken"/>, or null.</summary>
    public static Ipv4Subnet? FirstFree(IEnumerable<Ipv4Subnet> taken)
    {
        var used = taken.ToList();
        foreach (var candidate in Candidates())
        {
            if (!used.Any(candidate.Overlaps))
            {
                return candidate;
            }
        }

        return null;
    }
}
