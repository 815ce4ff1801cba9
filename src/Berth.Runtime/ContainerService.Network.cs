using System.Security.Cryptography;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Core.Networks;
using Berth.Runtime.Oci;
using Berth.Runtime.State;
using Microsoft.Extensions.Logging;

namespace Berth.Runtime;

/// <summary>
/// Networking of a container's run, in the order Berth.Networking documents: netns → connect each
/// network → publish → resolv.conf and /etc/hosts → runc joins the netns. Exit undoes it (Docker
/// releases the addresses on stop); a daemon restart leaves running containers' namespaces alone.
/// </summary>
public sealed partial class ContainerService
{
    private const string ContainerModePrefix = "container:";
    private const string ErrConflictHostNetwork = "container cannot be disconnected from host network or connected to host network";
    private const string ErrConflictNoNetwork = "container cannot be connected to multiple networks with one of the networks in private (none) mode";
    private const string ErrConflictSharedNetwork = "container sharing network namespace with another container or host cannot be connected to any other network";
    private const string ErrAliasesOnDefaultBridge = "network-scoped aliases are only supported for user-defined networks";

    private static bool IsPredefinedOther(string name) => name is "host" or "none";

    /// <summary>Resolves NetworkMode plus EndpointsConfig to networks (create fails with "network x not found" as in Docker).</summary>
    private async Task<List<ContainerNetwork>> ResolveNetworksAsync(ContainerSpec spec, CancellationToken ct)
    {
        string mode = spec.NetworkMode;
        if (mode.StartsWith(ContainerModePrefix, StringComparison.Ordinal))
        {
            Find(mode[ContainerModePrefix.Length..]);
            if (spec.PortBindings.Count > 0 || spec.PublishAllPorts)
            {
                throw EngineException.InvalidArgument("conflicting options: port publishing and the container type network mode");
            }
            if (!string.IsNullOrEmpty(spec.Hostname))
            {
                throw EngineException.InvalidArgument("conflicting options: hostname and the network mode");
            }
            if (spec.Dns.Count > 0)
            {
                throw EngineException.InvalidArgument("conflicting options: dns and the network mode");
            }
            if (spec.ExtraHosts.Count > 0)
            {
                throw EngineException.InvalidArgument("conflicting options: custom host-to-IP mapping and the network mode");
            }
            return [];
        }
        if (_networks is null)
        {
            return [];
        }
        string primary = mode is "" or "default" ? "bridge" : mode;
        var result = new List<ContainerNetwork>();
        foreach (string name in spec.Networks.Keys.Prepend(primary))
        {
            // The docker CLI names the default network "default" in EndpointsConfig too.
            NetworkInfo info = await _networks.GetAsync(name is "" or "default" ? "bridge" : name, ct).ConfigureAwait(false);
            EndpointRequest request = spec.Networks.TryGetValue(name, out EndpointRequest? r) ? r : new EndpointRequest();
            int existing = result.FindIndex(n => n.NetworkId == info.Id);
            if (existing >= 0)
            {
                if (spec.Networks.ContainsKey(name))
                {
                    result[existing] = result[existing] with { Request = request };
                }
                continue;
            }
            result.Add(new ContainerNetwork { NetworkId = info.Id, NetworkName = info.Name, Request = request });
        }
        foreach (ContainerNetwork n in result)
        {
            if (n.NetworkName == "bridge" && n.Request.Aliases.Count > 0)
            {
                throw EngineException.InvalidArgument(ErrAliasesOnDefaultBridge);
            }
        }
        if (result.Count > 1 && result.Any(n => n.NetworkName == "host"))
        {
            throw EngineException.InvalidArgument(ErrConflictHostNetwork);
        }
        if (result.Count > 1 && result.Any(n => n.NetworkName == "none"))
        {
            throw EngineException.InvalidArgument(ErrConflictNoNetwork);
        }
        foreach (ContainerNetwork n in result)
        {
            try
            {
                await _networks.ValidateEndpointAsync(n.NetworkId, n.Request, ct).ConfigureAwait(false);
            }
            catch (EngineException e) when (e.Kind == ErrorKind.InvalidArgument)
            {
                // A bad --ip fails the create, as in Docker, instead of the first start.
                throw EngineException.InvalidArgument($"invalid config for network {n.NetworkName}: {e.Message}");
            }
        }
        return result;
    }

    /// <summary>Sets up the run's network namespace. Caller holds the operation lock; on failure nothing is left.</summary>
    private async Task<NetworkSandbox> StartNetworkAsync(ContainerEntry entry, string bundle, CancellationToken ct)
    {
        ContainerRecord r = entry.Record;
        ContainerSpec c = r.Config;
        string hosts = Path.Combine(bundle, "hosts");
        string resolv = Path.Combine(bundle, "resolv.conf");
        if (c.NetworkMode.StartsWith(ContainerModePrefix, StringComparison.Ordinal))
        {
            return JoinContainer(c.NetworkMode[ContainerModePrefix.Length..]);
        }
        if (c.NetworkMode == "host" || _networks is null)
        {
            return new NetworkSandbox(null, c.NetworkMode == "host", hosts, resolv);
        }

        if (r.NetnsPath is not null)
        {
            await StopNetworkAsync(entry).ConfigureAwait(false); // leftovers of a run the daemon did not see end
        }
        if (r.Networks.All(n => IsPredefinedOther(n.NetworkName)))
        {
            // --network none: loopback only, and never connected while it runs (Docker refuses), so the
            // namespace runc makes itself will do. Nothing to pin now and to unmount at exit.
            await WriteNetworkFilesAsync(entry, ct).ConfigureAwait(false);
            return new NetworkSandbox(null, false, hosts, resolv);
        }
        string netns;
        try
        {
            netns = await _networks.CreateNetnsAsync(r.Id, ct).ConfigureAwait(false);
        }
        catch (EngineException e) when (e.Kind == ErrorKind.Conflict)
        {
            // A namespace the record never learnt of (the daemon died right after creating it).
            await StopNetworkAsync(entry).ConfigureAwait(false);
            netns = await _networks.CreateNetnsAsync(r.Id, ct).ConfigureAwait(false);
        }
        lock (entry.Sync)
        {
            r.NetnsPath = netns;
            r.SandboxId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        }
        try
        {
            for (int i = 0; i < r.Networks.Count; i++)
            {
                ContainerNetwork n = r.Networks[i];
                if (IsPredefinedOther(n.NetworkName))
                {
                    continue; // none: lo only
                }
                EndpointConfig endpoint = await _networks.ConnectAsync(n.NetworkId, r.Id, r.Name, DnsRequest(r, n.Request), netns, ct).ConfigureAwait(false);
                lock (entry.Sync)
                {
                    r.Networks[i] = n with { Endpoint = endpoint };
                }
            }
            List<PortBinding> bindings = PortBindingsOf(c);
            if (bindings.Count > 0)
            {
                IReadOnlyList<PortBinding> published = await _networks.PublishAsync(r.Id, bindings, ct).ConfigureAwait(false);
                lock (entry.Sync)
                {
                    r.Ports = [.. published];
                }
            }
            await WriteNetworkFilesAsync(entry, ct).ConfigureAwait(false);
        }
        catch
        {
            await StopNetworkAsync(entry).ConfigureAwait(false);
            throw;
        }
        return new NetworkSandbox(netns, false, hosts, resolv);
    }

    /// <summary>--network container:x shares x's namespace and its hosts and resolv.conf, as Docker does.</summary>
    private NetworkSandbox JoinContainer(string nameOrId)
    {
        ContainerRecord other = Find(nameOrId).Record;
        if (other.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused) || other.State.Pid <= 0)
        {
            throw EngineException.Conflict($"cannot join network of a non running container: {other.Id}");
        }
        string otherBundle = BundleDir(other.Id);
        string hosts = Path.Combine(otherBundle, "hosts");
        string resolv = Path.Combine(otherBundle, "resolv.conf");
        if (other.Config.NetworkMode == "host")
        {
            return new NetworkSandbox(null, true, hosts, resolv);
        }
        return new NetworkSandbox(other.NetnsPath ?? $"/proc/{other.State.Pid}/ns/net", false, hosts, resolv);
    }

    /// <summary>Releases ports, endpoints and the namespace. Never throws: the exit path must go on.</summary>
    private async Task StopNetworkAsync(ContainerEntry entry)
    {
        ContainerRecord r = entry.Record;
        if (_networks is null)
        {
            return;
        }
        try
        {
            await _networks.ReleaseContainerAsync(r.Id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EngineException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "releasing the network of {Id} failed", r.Id);
        }
        lock (entry.Sync)
        {
            r.NetnsPath = null;
            r.SandboxId = "";
            r.Ports = [];
            r.Networks = [.. r.Networks.Select(n => n with { Endpoint = null })];
        }
    }

    /// <summary>resolv.conf and /etc/hosts from the current endpoints; rewritten in place so the bind mounts see it.</summary>
    private async Task WriteNetworkFilesAsync(ContainerEntry entry, CancellationToken ct)
    {
        ContainerRecord r = entry.Record;
        ContainerSpec c = r.Config;
        string bundle = BundleDir(r.Id);
        string resolv = await _networks!.GetResolvConfAsync(r.Id, c.Dns, c.DnsSearch, c.DnsOptions, ct).ConfigureAwait(false);
        string? gateway = null;
        if (HostsFile.ExtraHosts(c.ExtraHosts).Any(h => h.Address == HostsFile.HostGateway))
        {
            gateway = (await _networks.GetAsync("bridge", ct).ConfigureAwait(false)).Ipam.Config.FirstOrDefault()?.Gateway;
        }
        // One line per address, IPv6 ones too, as Docker writes them.
        var own = r.Networks.Where(n => n.Endpoint is not null)
            .SelectMany(n => new[] { n.Endpoint!.IPAddress, n.Endpoint.GlobalIPv6Address }
                .Where(a => a.Length > 0)
                .Select(a => (a, n.Request.Aliases)))
            .ToList();
        await File.WriteAllTextAsync(Path.Combine(bundle, "resolv.conf"), resolv, ct).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(bundle, "hosts"), HostsFile.Build(c, own, gateway), ct).ConfigureAwait(false);
    }

    /// <summary>What the network service gets: the user's aliases plus the short ID, which Docker's DNS also answers.</summary>
    private static EndpointRequest DnsRequest(ContainerRecord r, EndpointRequest request) =>
        request with { Aliases = [.. request.Aliases, r.Id[..12]] };

    /// <summary>HostConfig.PortBindings, plus with -P a random host port for each other exposed port.</summary>
    private static List<PortBinding> PortBindingsOf(ContainerSpec c)
    {
        var bindings = c.PortBindings.ToList();
        if (c.PublishAllPorts)
        {
            foreach (string key in c.ExposedPorts)
            {
                if (PortKey.TryParse(key, out int port, out string protocol)
                    && !bindings.Any(b => b.ContainerPort == port && string.Equals(b.Protocol, protocol, StringComparison.OrdinalIgnoreCase)))
                {
                    bindings.Add(new PortBinding { ContainerPort = port, Protocol = protocol });
                }
            }
        }
        return bindings;
    }

    public async Task ConnectNetworkAsync(string nameOrId, string network, EndpointRequest request, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        INetworkService networks = _networks ?? throw new NotSupportedException("this daemon runs containers without networking");
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ContainerRecord r = entry.Record;
            string mode = r.Config.NetworkMode;
            NetworkInfo info = await networks.GetAsync(network, cancellationToken).ConfigureAwait(false);
            if (mode == "host" || info.Name == "host")
            {
                throw EngineException.Forbidden(ErrConflictHostNetwork);
            }
            if (mode.StartsWith(ContainerModePrefix, StringComparison.Ordinal))
            {
                throw EngineException.Forbidden(ErrConflictSharedNetwork);
            }
            if (mode == "none" || info.Name == "none")
            {
                throw EngineException.Forbidden(ErrConflictNoNetwork);
            }
            if (r.Networks.Any(n => n.NetworkId == info.Id))
            {
                throw EngineException.Forbidden($"endpoint with name {r.Name.TrimStart('/')} already exists in network {info.Name}");
            }
            if (info.Name == "bridge" && request.Aliases.Count > 0)
            {
                throw EngineException.InvalidArgument(ErrAliasesOnDefaultBridge);
            }
            await networks.ValidateEndpointAsync(info.Id, request, cancellationToken).ConfigureAwait(false);
            var joined = new ContainerNetwork { NetworkId = info.Id, NetworkName = info.Name, Request = request };
            if (r.State.Status is ContainerStatus.Running or ContainerStatus.Paused && r.NetnsPath is { } netns)
            {
                EndpointConfig endpoint = await networks.ConnectAsync(info.Id, r.Id, r.Name, DnsRequest(r, request), netns, cancellationToken).ConfigureAwait(false);
                joined = joined with { Endpoint = endpoint };
                lock (entry.Sync)
                {
                    r.Networks = [.. r.Networks, joined];
                }
                await WriteNetworkFilesAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                lock (entry.Sync)
                {
                    r.Networks = [.. r.Networks, joined];
                }
            }
            Save(entry);
        }
        finally
        {
            entry.Operation.Release();
        }
    }

    public async Task DisconnectNetworkAsync(string nameOrId, string network, bool force, CancellationToken cancellationToken)
    {
        ContainerEntry entry = Find(nameOrId);
        INetworkService networks = _networks ?? throw new NotSupportedException("this daemon runs containers without networking");
        await entry.Operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ContainerRecord r = entry.Record;
            NetworkInfo info = await networks.GetAsync(network, cancellationToken).ConfigureAwait(false);
            if (r.Config.NetworkMode == "host" && info.Name == "host")
            {
                throw EngineException.Forbidden(ErrConflictHostNetwork);
            }
            ContainerNetwork joined = r.Networks.FirstOrDefault(n => n.NetworkId == info.Id)
                ?? throw EngineException.NotFound($"container {r.Id} is not connected to network {info.Name}");
            // Ports are published to the first connected network; the service drops them with its endpoint.
            bool portTarget = r.Networks.FirstOrDefault(n => n.Endpoint is not null)?.NetworkId == info.Id;
            if (joined.Endpoint is not null)
            {
                await networks.DisconnectAsync(info.Id, r.Id, cancellationToken).ConfigureAwait(false);
            }
            lock (entry.Sync)
            {
                r.Networks = [.. r.Networks.Where(n => n.NetworkId != info.Id)];
                if (portTarget)
                {
                    r.Ports = [];
                }
            }
            if (joined.Endpoint is not null && r.NetnsPath is not null)
            {
                await WriteNetworkFilesAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            Save(entry);
        }
        finally
        {
            entry.Operation.Release();
        }
        _ = force; // local networks disconnect without force, as in Docker
    }
}
