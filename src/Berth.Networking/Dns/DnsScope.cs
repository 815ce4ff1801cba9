using System.Net;

namespace Berth.Networking.Dns;

/// <summary>
/// The names one query may see: the tables of the asking container's user-defined networks, in the
/// order it joined them. A name answers from the first network that has it, so a peer shared on
/// several networks resolves to its address on the earliest one, and only to addresses on a network
/// the asker is also on (Docker's resolver walks the sandbox's endpoints the same way).
/// </summary>
internal sealed class DnsScope
{
    public static readonly DnsScope Empty = new([]);

    private readonly IReadOnlyList<DnsTable> _tables;

    public DnsScope(IReadOnlyList<DnsTable> tables) => _tables = tables;

    public IReadOnlyList<IPAddress>? Lookup(string name)
    {
        foreach (var table in _tables)
        {
            if (table.Lookup(name) is { } addresses)
            {
                return addresses;
            }
        }

        return null;
    }

    public string? Reverse(IPAddress address)
    {
        foreach (var table in _tables)
        {
            if (table.Reverse(address) is { } name)
            {
                return name;
            }
        }

        return null;
    }
}
