using System.Globalization;
using Berth.Storage.Metadata;
using Microsoft.Data.Sqlite;

namespace Berth.Networking.Store;

/// <summary>
/// Networks, endpoints and published ports in berth.db. The unique (network_id, address) index is the
/// last guard against handing one address out twice, even if two daemons shared a database by mistake.
/// Each method is one transaction.
/// </summary>
internal sealed class NetworkStore
{
    public const string SchemaArea = "networks";

    private const string SchemaV1 = """
        CREATE TABLE networks (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            driver TEXT NOT NULL,
            created TEXT NOT NULL,
            internal INTEGER NOT NULL,
            attachable INTEGER NOT NULL,
            enable_ipv6 INTEGER NOT NULL,
            predefined INTEGER NOT NULL,
            bridge TEXT UNIQUE,
            gateway TEXT,
            ip_range TEXT,
            mtu INTEGER NOT NULL,
            masquerade INTEGER NOT NULL,
            icc INTEGER NOT NULL,
            user_subnet INTEGER NOT NULL,
            ipam TEXT NOT NULL,
            options TEXT NOT NULL,
            labels TEXT NOT NULL
        );
        CREATE TABLE network_endpoints (
            network_id TEXT NOT NULL REFERENCES networks(id),
            container_id TEXT NOT NULL,
            container_name TEXT NOT NULL,
            endpoint_id TEXT NOT NULL UNIQUE,
            interface TEXT NOT NULL,
            address TEXT NOT NULL,
            mac TEXT NOT NULL,
            host_veth TEXT NOT NULL,
            netns TEXT NOT NULL,
            aliases TEXT NOT NULL,
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            UNIQUE (network_id, container_id),
            UNIQUE (network_id, address)
        );
        CREATE TABLE network_ports (
            container_id TEXT NOT NULL,
            protocol TEXT NOT NULL,
            host_ip TEXT NOT NULL,
            host_port INTEGER NOT NULL,
            container_ip TEXT NOT NULL,
            container_port INTEGER NOT NULL,
            bridge TEXT NOT NULL,
            PRIMARY KEY (protocol, host_ip, host_port)
        );
        """;

    /// <summary>IPv6: the bridge's IPv6 gateway/subnet per network, the IPv6 address per endpoint (unique per network like IPv4; NULLs do not collide).</summary>
    private const string SchemaV2 = """
        ALTER TABLE networks ADD COLUMN gateway6 TEXT;
        ALTER TABLE networks ADD COLUMN user_subnet6 INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE network_endpoints ADD COLUMN address6 TEXT;
        CREATE UNIQUE INDEX network_endpoints_address6 ON network_endpoints (network_id, address6);
        """;

    private const string SelectNetwork = "SELECT id, name, driver, created, internal, attachable, enable_ipv6, predefined, bridge, gateway, ip_range, mtu, masquerade, icc, ipam, options, labels, user_subnet, gateway6, user_subnet6 FROM networks";
    private const string SelectEndpoint = "SELECT network_id, container_id, container_name, endpoint_id, interface, address, mac, host_veth, netns, aliases, seq, address6 FROM network_endpoints";

    private readonly MetadataDatabase _database;

    public NetworkStore(MetadataDatabase database)
    {
        _database = database;
        _database.EnsureSchema(SchemaArea, 1, SchemaV1);
        _database.EnsureSchema(SchemaArea, 2, SchemaV2);
    }

    public IReadOnlyList<NetworkRecord> ListNetworks() => _database.InTransaction<IReadOnlyList<NetworkRecord>>((connection, transaction) =>
    {
        using var command = Command(connection, transaction, SelectNetwork + " ORDER BY created, id;");
        using var reader = command.ExecuteReader();
        var result = new List<NetworkRecord>();
        while (reader.Read())
        {
            result.Add(ReadNetwork(reader));
        }

        return result;
    });

    public void InsertNetwork(NetworkRecord n) => _database.InTransaction((connection, transaction) =>
    {
        using var command = Command(connection, transaction, """
            INSERT INTO networks (id, name, driver, created, internal, attachable, enable_ipv6, predefined, bridge, gateway, ip_range, mtu, masquerade, icc, ipam, options, labels, user_subnet, gateway6, user_subnet6)
            VALUES ($id, $name, $driver, $created, $internal, $attachable, $ipv6, $predefined, $bridge, $gateway, $range, $mtu, $masq, $icc, $ipam, $options, $labels, $user, $gateway6, $user6);
            """);
        command.Parameters.AddWithValue("$id", n.Id);
        command.Parameters.AddWithValue("$name", n.Name);
        command.Parameters.AddWithValue("$driver", n.Driver);
        command.Parameters.AddWithValue("$created", n.Created.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$internal", n.Internal);
        command.Parameters.AddWithValue("$attachable", n.Attachable);
        command.Parameters.AddWithValue("$ipv6", n.EnableIPv6);
        command.Parameters.AddWithValue("$predefined", n.Predefined);
        command.Parameters.AddWithValue("$bridge", (object?)n.BridgeName ?? DBNull.Value);
        command.Parameters.AddWithValue("$gateway", (object?)n.Gateway?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$range", (object?)n.IpRange?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$mtu", n.Mtu);
        command.Parameters.AddWithValue("$masq", n.Masquerade);
        command.Parameters.AddWithValue("$icc", n.InterContainer);
        command.Parameters.AddWithValue("$ipam", JsonMaps.Write(n.Ipam));
        command.Parameters.AddWithValue("$options", JsonMaps.Write(n.Options));
        command.Parameters.AddWithValue("$labels", JsonMaps.Write(n.Labels));
        command.Parameters.AddWithValue("$user", n.UserSubnet);
        command.Parameters.AddWithValue("$gateway6", (object?)n.Gateway6?.ToString() ?? DBNull.Value);
        command.Parameters.AddWithValue("$user6", n.UserSubnet6);
        command.ExecuteNonQuery();
    });

    /// <summary>Deletes the network unless it still has endpoints; returns false in that case.</summary>
    public bool DeleteNetwork(string id) => _database.InTransaction((connection, transaction) =>
    {
        using var count = Command(connection, transaction, "SELECT COUNT(*) FROM network_endpoints WHERE network_id = $id;");
        count.Parameters.AddWithValue("$id", id);
        if ((long)count.ExecuteScalar()! > 0)
        {
            return false;
        }

        using var command = Command(connection, transaction, "DELETE FROM networks WHERE id = $id;");
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
        return true;
    });

    public IReadOnlyList<EndpointRecord> ListEndpoints() => QueryEndpoints(SelectEndpoint + " ORDER BY seq;", null);

    public IReadOnlyList<EndpointRecord> ListEndpointsOfContainer(string containerId) =>
        QueryEndpoints(SelectEndpoint + " WHERE container_id = $value ORDER BY seq;", containerId);

    /// <summary>Stores the endpoint; false when its address is taken on that network (a race lost or a stale row).</summary>
    public bool InsertEndpoint(EndpointRecord e) => _database.InTransaction((connection, transaction) =>
    {
        using var command = Command(connection, transaction, """
            INSERT INTO network_endpoints (network_id, container_id, container_name, endpoint_id, interface, address, mac, host_veth, netns, aliases, address6)
            VALUES ($network, $container, $name, $endpoint, $interface, $address, $mac, $veth, $netns, $aliases, $address6)
            ON CONFLICT DO NOTHING;
            """);
        command.Parameters.AddWithValue("$network", e.NetworkId);
        command.Parameters.AddWithValue("$container", e.ContainerId);
        command.Parameters.AddWithValue("$name", e.ContainerName);
        command.Parameters.AddWithValue("$endpoint", e.EndpointId);
        command.Parameters.AddWithValue("$interface", e.InterfaceName);
        command.Parameters.AddWithValue("$address", e.Address.ToString());
        command.Parameters.AddWithValue("$mac", e.MacAddress);
        command.Parameters.AddWithValue("$veth", e.HostVeth);
        command.Parameters.AddWithValue("$netns", e.NetnsPath);
        command.Parameters.AddWithValue("$aliases", JsonMaps.Write(e.Aliases));
        command.Parameters.AddWithValue("$address6", (object?)e.Address6?.ToString() ?? DBNull.Value);
        return command.ExecuteNonQuery() == 1;
    });

    public void DeleteEndpoint(string networkId, string containerId) => _database.InTransaction((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM network_endpoints WHERE network_id = $network AND container_id = $container;");
        command.Parameters.AddWithValue("$network", networkId);
        command.Parameters.AddWithValue("$container", containerId);
        command.ExecuteNonQuery();
    });

    public IReadOnlyList<PortRecord> ListPorts() => _database.InTransaction<IReadOnlyList<PortRecord>>((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "SELECT container_id, protocol, host_ip, host_port, container_ip, container_port, bridge FROM network_ports ORDER BY rowid;");
        using var reader = command.ExecuteReader();
        var result = new List<PortRecord>();
        while (reader.Read())
        {
            result.Add(new PortRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetInt32(5), reader.GetString(6)));
        }

        return result;
    });

    public void InsertPorts(IReadOnlyList<PortRecord> ports) => _database.InTransaction((connection, transaction) =>
    {
        foreach (var p in ports)
        {
            using var command = Command(connection, transaction, """
                INSERT INTO network_ports (container_id, protocol, host_ip, host_port, container_ip, container_port, bridge)
                VALUES ($container, $protocol, $hostIp, $hostPort, $containerIp, $containerPort, $bridge);
                """);
            command.Parameters.AddWithValue("$container", p.ContainerId);
            command.Parameters.AddWithValue("$protocol", p.Protocol);
            command.Parameters.AddWithValue("$hostIp", p.HostIp);
            command.Parameters.AddWithValue("$hostPort", p.HostPort);
            command.Parameters.AddWithValue("$containerIp", p.ContainerIp);
            command.Parameters.AddWithValue("$containerPort", p.ContainerPort);
            command.Parameters.AddWithValue("$bridge", p.BridgeName);
            command.ExecuteNonQuery();
        }
    });

    public int DeletePorts(string containerId) => _database.InTransaction((connection, transaction) =>
    {
        using var command = Command(connection, transaction, "DELETE FROM network_ports WHERE container_id = $container;");
        command.Parameters.AddWithValue("$container", containerId);
        return command.ExecuteNonQuery();
    });

    private IReadOnlyList<EndpointRecord> QueryEndpoints(string sql, string? value) => _database.InTransaction<IReadOnlyList<EndpointRecord>>((connection, transaction) =>
    {
        using var command = Command(connection, transaction, sql);
        if (value is not null)
        {
            command.Parameters.AddWithValue("$value", value);
        }

        using var reader = command.ExecuteReader();
        var result = new List<EndpointRecord>();
        while (reader.Read())
        {
            result.Add(new EndpointRecord
            {
                NetworkId = reader.GetString(0),
                ContainerId = reader.GetString(1),
                ContainerName = reader.GetString(2),
                EndpointId = reader.GetString(3),
                InterfaceName = reader.GetString(4),
                Address = ParseSubnet(reader.GetString(5)),
                MacAddress = reader.GetString(6),
                HostVeth = reader.GetString(7),
                NetnsPath = reader.GetString(8),
                Aliases = JsonMaps.ReadList(reader.GetString(9)),
                Sequence = reader.GetInt64(10),
                Address6 = reader.IsDBNull(11) ? null : ParseSubnet6(reader.GetString(11)),
            });
        }

        return result;
    });

    private static NetworkRecord ReadNetwork(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Driver = reader.GetString(2),
        Created = DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
        Internal = reader.GetBoolean(4),
        Attachable = reader.GetBoolean(5),
        EnableIPv6 = reader.GetBoolean(6),
        Predefined = reader.GetBoolean(7),
        BridgeName = reader.IsDBNull(8) ? null : reader.GetString(8),
        Gateway = reader.IsDBNull(9) ? null : ParseSubnet(reader.GetString(9)),
        IpRange = reader.IsDBNull(10) ? null : ParseSubnet(reader.GetString(10)),
        Mtu = reader.GetInt32(11),
        Masquerade = reader.GetBoolean(12),
        InterContainer = reader.GetBoolean(13),
        Ipam = JsonMaps.ReadIpam(reader.GetString(14)),
        Options = JsonMaps.ReadMap(reader.GetString(15)),
        Labels = JsonMaps.ReadMap(reader.GetString(16)),
        UserSubnet = reader.GetBoolean(17),
        Gateway6 = reader.IsDBNull(18) ? null : ParseSubnet6(reader.GetString(18)),
        UserSubnet6 = reader.GetBoolean(19),
    };

    private static Ipv4Subnet ParseSubnet(string text) =>
        Ipv4Subnet.TryParse(text, out var subnet) ? subnet : throw new InvalidDataException($"bad address in berth.db: {text}");

    private static Ipv6Subnet ParseSubnet6(string text) =>
        Ipv6Subnet.TryParse(text, out var subnet) ? subnet : throw new InvalidDataException($"bad IPv6 address in berth.db: {text}");

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }
}
