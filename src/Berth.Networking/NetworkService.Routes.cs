using Berth.Networking.Namespaces;
using Berth.Networking.Netlink;
using Berth.Networking.Store;

namespace Berth.Networking;

/// <summary>
/// The default route follows the container's networks: when the network that owned it is
/// disconnected, the next network with a way out takes it over (Docker's sandbox elects a new
/// gateway endpoint the same way), so the container keeps reaching the outside and the gateways of
/// its remaining networks, where its resolv.conf now points.
/// </summary>
public sealed partial class NetworkService
{
    /// <param name="removed">The endpoint just deleted (its veth, and with it its routes, are gone).</param>
    /// <param name="before">The container's endpoints before the removal, in connection order.</param>
    private void MoveDefaultRoutes(EndpointRecord removed, IReadOnlyList<EndpointRecord> before)
    {
        var networks = _store.ListNetworks().ToDictionary(n => n.Id, StringComparer.Ordinal);
        bool WayOut(EndpointRecord e) => networks.TryGetValue(e.NetworkId, out var n) && !n.Internal;
        var rest = before.Where(e => e.NetworkId != removed.NetworkId).ToList();
        bool owned4 = before.FirstOrDefault(WayOut) == removed;
        bool owned6 = removed.Address6 is not null && before.FirstOrDefault(e => e.Address6 is not null && WayOut(e)) == removed;
        var next4 = owned4 ? rest.FirstOrDefault(WayOut) : null;
        var next6 = owned6 ? rest.FirstOrDefault(e => e.Address6 is not null && WayOut(e)) : null;
        foreach (var (next, v6) in new[] { (next4, false), (next6, true) })
        {
            if (next is null)
            {
                continue;
            }

            var network = networks[next.NetworkId];
            var gateway = v6 ? network.Gateway6!.Value.Address : network.Gateway!.Value.Address;
            try
            {
                NetworkNamespaces.Run(next.NetnsPath, () =>
                {
                    using var inner = new RouteNetlink();
                    if (inner.GetLinkIndex(next.InterfaceName) is { } index)
                    {
                        inner.AddDefaultRoute(gateway, index);
                    }

                    return true;
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Berth.Core.Errors.EngineException)
            {
                // The namespace may be on its way out (the container is stopping); its routes then no longer matter.
                NetworkingLog.RouteMoveFailed(_logger, e, removed.ContainerId, network.Name);
            }
        }
    }
}
