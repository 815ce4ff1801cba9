namespace Berth.Core.Networks;

/// <summary>
/// Docker-compatible networks: the predefined "bridge" (default bridge), "host" and "none", plus
/// user-defined bridge networks with their own subnet, NAT, isolation and embedded DNS.
/// Networks are named by full ID, unique ID prefix or name. Failures are
/// <see cref="Errors.EngineException"/> with Docker's wording: "network x not found" (NotFound),
/// "network with name x already exists" (Conflict), "Pool overlaps with other one on this address
/// space" (Forbidden), "error while removing network: network x id y has active endpoints"
/// (Forbidden, 403 as in Docker), "bridge is a pre-defined network and cannot be removed" (Forbidden), address errors on connect (InvalidArgument / Conflict), port conflicts on
/// publish (Conflict: "Bind for 0.0.0.0:8080 failed: port is already allocated").
///
/// Container lifecycle as the runtime drives it:
/// <code>
/// start:  CreateNetnsAsync(id) -> path
///         ConnectAsync(network, id, name, request, path) for each network (first one owns the default route)
///         PublishAsync(id, bindings)
///         write resolv.conf from GetResolvConf(...) and /etc/hosts, OCI linux.namespaces network path = path
///         runc create/start
/// stop/rm: UnpublishAsync(id) -> DisconnectAsync(network, id) for each -> DeleteNetnsAsync(id)
/// </code>
/// "host" and "none" need no Connect: host = no network namespace in the OCI spec; none = a netns
/// with only lo (CreateNetnsAsync brings lo up).
/// </summary>
public interface INetworkService
{
    /// <summary>Creates the predefined networks on first use, recreates missing bridges, addresses and
    /// firewall rules (after a reboot) and starts the DNS servers. Call once before use.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<NetworkInfo> CreateAsync(NetworkCreateSpec spec, CancellationToken cancellationToken);

    /// <summary>Filters: driver, id, label (key or key=value), name, scope, type (custom|builtin), dangling (true|false).</summary>
    Task<IReadOnlyList<NetworkInfo>> ListAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken);

    Task<NetworkInfo> GetAsync(string nameOrId, CancellationToken cancellationToken);

    Task RemoveAsync(string nameOrId, CancellationToken cancellationToken);

    /// <summary>Removes user-defined networks without endpoints; filters until=, label=, label!=. Returns the removed names.</summary>
    Task<IReadOnlyList<string>> PruneAsync(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, CancellationToken cancellationToken);

    /// <summary>Creates a persistent network namespace at &lt;exec-root&gt;/netns/&lt;containerId&gt; (a bind mount of
    /// the namespace, so it outlives the daemon) with lo up. Returns its path for the OCI spec.</summary>
    Task<string> CreateNetnsAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Unmounts and deletes the namespace file; missing is not an error.</summary>
    Task DeleteNetnsAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Attaches the container to the network: veth into the bridge, eth&lt;n&gt; inside the namespace,
    /// address from IPAM (or <see cref="EndpointRequest.IPv4Address"/>), MAC, default route on the first network. On
    /// IPv6-enabled networks also an IPv6 address (or <see cref="EndpointRequest.IPv6Address"/>) and the IPv6 default
    /// route on the first such network.</summary>
    Task<EndpointConfig> ConnectAsync(string networkNameOrId, string containerId, string containerName, EndpointRequest request, string netnsPath, CancellationToken cancellationToken);

    /// <summary>Docker's checks of an endpoint request before anything is made (container create, network connect):
    /// fixed addresses only on user-defined networks with a user-configured subnet, inside that subnet, well-formed.
    /// Throws InvalidArgument "invalid endpoint settings:\n&lt;one problem a line&gt;"; create prefixes
    /// "invalid config for network &lt;name&gt;: " as Docker does. <see cref="ConnectAsync"/> runs the same checks.</summary>
    Task ValidateEndpointAsync(string networkNameOrId, EndpointRequest request, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Removes the veth and releases the address. Not connected: NotFound.</summary>
    Task DisconnectAsync(string networkNameOrId, string containerId, CancellationToken cancellationToken);

    /// <summary>
    /// Everything a container whose processes are gone holds, released at once: published ports,
    /// endpoints (addresses, DNS names) and the network namespace. The veths are not deleted one by
    /// one: deleting the namespace takes them with it, in the kernel's asynchronous namespace cleanup,
    /// which keeps an RTNL delete (≈ 15–20 ms of RCU grace periods per veth) off the exit path.
    /// </summary>
    async Task ReleaseContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        await UnpublishAsync(containerId, cancellationToken).ConfigureAwait(false);
        foreach (EndpointConfig endpoint in await GetEndpointsAsync(containerId, cancellationToken).ConfigureAwait(false))
        {
            await DisconnectAsync(endpoint.NetworkId, containerId, cancellationToken).ConfigureAwait(false);
        }
        await DeleteNetnsAsync(containerId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The container's endpoints (for inspect's NetworkSettings.Networks).</summary>
    Task<IReadOnlyList<EndpointConfig>> GetEndpointsAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Publishes ports with kernel DNAT to the container's address on its first bridge network.
    /// Random host ports come from 32768-60999. Returns the actual bindings.</summary>
    Task<IReadOnlyList<PortBinding>> PublishAsync(string containerId, IReadOnlyList<PortBinding> bindings, CancellationToken cancellationToken);

    Task UnpublishAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>The container's /etc/resolv.conf: "nameserver &lt;gateway&gt;" on user-defined networks (served by
    /// the embedded DNS), the host's resolvers on the default bridge. <paramref name="dns"/>, search and
    /// options from the container's create options override.</summary>
    Task<string> GetResolvConfAsync(string containerId, IReadOnlyList<string> dns, IReadOnlyList<string> dnsSearch, IReadOnlyList<string> dnsOptions, CancellationToken cancellationToken);
}
