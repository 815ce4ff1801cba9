namespace Berth.Networking;

public sealed partial class NetworkService
{
    /// <summary>
    /// Releases a stopped container's ports, endpoints and namespace in one pass under the lock, with
    /// one firewall update and one DNS refresh. Only the namespace is removed from the kernel: its
    /// veth peers die with it, and the host ends with them, in the kernel's asynchronous namespace
    /// cleanup (an explicit veth delete waits out RCU grace periods, ≈ 15–20 ms each, on the exit path).
    /// </summary>
    public async Task ReleaseContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await _proxy.StopContainerAsync(containerId);
            bool ports = _store.DeletePorts(containerId) > 0;
            var endpoints = _store.ListEndpointsOfContainer(containerId);
            foreach (var endpoint in endpoints)
            {
                _store.DeleteEndpoint(endpoint.NetworkId, containerId);
            }
            string netns = NetnsPath(containerId);
            bool pinned = File.Exists(netns);
            Namespaces.NetworkNamespaces.Delete(netns);
            if (!pinned)
            {
                // No namespace to take the veths along (it was lost, e.g. /run emptied): delete them here.
                foreach (var endpoint in endpoints)
                {
                    DeleteLinkQuietly(endpoint.HostVeth);
                }
            }
            if (ports)
            {
                await ApplyFirewallAsync(cancellationToken);
            }
            if (endpoints.Count > 0)
            {
                RefreshDns();
            }
        }
        finally
        {
            _lock.Release();
        }
    }
}
