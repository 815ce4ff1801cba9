using System.Formats.Tar;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Web;
using Berth.Client.Http;

namespace Berth.Cli.Tests.Filesystem;

/// <summary>
/// An engine whose container "c1" has a small in-memory filesystem: HEAD/GET archive answer stat
/// headers and tars named as dockerd names them; PUT, commit, export and changes are recorded.
/// <see cref="ArchiveOverride"/> replaces the GET archive body (hostile-tar tests).
/// </summary>
internal sealed class FakeFilesystemEngine : IAsyncDisposable
{
    private const uint ModeDir = 1u << 31;
    private const uint ModeSymlink = 1u << 27;
    private const uint ModeDevice = 1u << 26;
    private const uint ModeCharDevice = 1u << 21;

    private readonly string _dir;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeFilesystemEngine()
    {
        _dir = Directory.CreateTempSubdirectory("berth-cp-engine-").FullName;
        SocketPath = Path.Combine(_dir, "engine.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string SocketPath { get; }

    public string Host => "unix://" + SocketPath;

    /// <summary>path → (kind: d|f|l|c, content or link target).</summary>
    public Dictionary<string, (char Kind, string Data)> Files { get; } = new()
    {
        ["/"] = ('d', ""),
        ["/etc"] = ('d', ""),
        ["/etc/hostname"] = ('f', "box\n"),
        ["/etc/sub"] = ('d', ""),
        ["/etc/sub/a"] = ('f', "a"),
        ["/link"] = ('l', "/etc/hostname"),
        ["/dirlink"] = ('l', "etc"),
        ["/dev"] = ('d', ""),
        ["/dev/null"] = ('c', ""),
    };

    public byte[]? ArchiveOverride { get; set; }

    public List<(string Method, string Path, Dictionary<string, List<string>> Query, byte[] Body)> Requests { get; } = [];

    public (string Method, string Path, Dictionary<string, List<string>> Query, byte[] Body) Last(string method, string pathSuffix)
    {
        lock (Requests)
        {
            return Requests.Last(r => r.Method == method && r.Path.EndsWith(pathSuffix, StringComparison.Ordinal));
        }
    }

    /// <summary>The entry names of a tar body.</summary>
    public static List<string> Names(byte[] tar)
    {
        var names = new List<string>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } e)
        {
            names.Add(e.Name);
        }

        return names;
    }

    private (int Status, Dictionary<string, string> Headers, byte[] Body) Handle(string method, string path, Dictionary<string, List<string>> query)
    {
        string? Q(string name) => query.TryGetValue(name, out var v) ? v[^1] : null;
        var headers = new Dictionary<string, string>();
        if (path.StartsWith("/containers/", StringComparison.Ordinal) && !path.StartsWith("/containers/c1/", StringComparison.Ordinal))
        {
            return Error(404, "No such container: " + path.Split('/')[2]);
        }

        switch (method, path)
        {
            case ("HEAD", "/containers/c1/archive"):
            case ("GET", "/containers/c1/archive"):
            {
                var requested = Q("path")!;
                var key = Normalize(requested);
                if (!Files.TryGetValue(key, out var file))
                {
                    return Error(404, $"Could not find the file {requested} in container c1");
                }

                headers["X-Docker-Container-Path-Stat"] = StatHeader(key, file);
                if (method == "HEAD")
                {
                    return (200, headers, []);
                }

                headers["Content-Type"] = "application/x-tar";
                return (200, headers, ArchiveOverride ?? Archive(key, requested));
            }
            case ("PUT", "/containers/c1/archive"):
                return Files.TryGetValue(Normalize(Q("path")!), out var dest) && dest.Kind == 'd'
                    ? (200, headers, [])
                    : Error(400, "extraction point is not a directory");
            case ("GET", "/containers/c1/changes"):
                return (200, headers, """[{"Path":"/etc","Kind":0},{"Path":"/etc/new","Kind":1},{"Path":"/tmp/old","Kind":2}]"""u8.ToArray());
            case ("GET", "/containers/c1/export"):
                return (200, headers, "EXPORTED-TAR"u8.ToArray());
            case ("POST", "/commit"):
                return Q("container") == "c1"
                    ? (201, headers, Encoding.UTF8.GetBytes("{\"Id\":\"sha256:" + new string('e', 64) + "\"}"))
                    : Error(404, "No such container: " + Q("container"));
            default:
                return Error(404, "page not found");
        }
    }

    private static (int, Dictionary<string, string>, byte[]) Error(int status, string message) =>
        (status, new Dictionary<string, string> { ["Content-Type"] = "application/json" }, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["message"] = message })));

    /// <summary>A trailing "/" or "/." follows a final symlink, as dockerd's stat does.</summary>
    private string Normalize(string path)
    {
        var follow = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal);
        var clean = "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."));
        if (follow && Files.TryGetValue(clean, out var f) && f.Kind == 'l')
        {
            clean = f.Data.StartsWith('/') ? f.Data : "/" + f.Data;
        }

        return clean;
    }

    private static string StatHeader(string path, (char Kind, string Data) file)
    {
        uint mode = file.Kind switch
        {
            'd' => ModeDir | 0x1ED,
            'l' => ModeSymlink | 0x1FF,
            'c' => ModeDevice | ModeCharDevice | 0x1B6,
            _ => 0x1A4,
        };
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = path == "/" ? "/" : path[(path.LastIndexOf('/') + 1)..],
            ["size"] = file.Kind == 'f' ? file.Data.Length : 0,
            ["mode"] = mode,
            ["mtime"] = "2025-01-02T03:04:05Z",
            ["linkTarget"] = file.Kind == 'l' ? (file.Data.StartsWith('/') ? file.Data : "/" + file.Data) : "",
        });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>dockerd's naming: a directory as "base/..." ("./..." for "dir/."), a file or link as its base name.</summary>
    private byte[] Archive(string key, string requested)
    {
        var rootName = requested.EndsWith("/.", StringComparison.Ordinal) ? "." : key[(key.LastIndexOf('/') + 1)..];
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, file) in Files.Where(f => f.Key == key || f.Key.StartsWith(key + "/", StringComparison.Ordinal)).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                var name = rootName + path[key.Length..];
                TarEntry entry = file.Kind switch
                {
                    'd' => new PaxTarEntry(TarEntryType.Directory, name + "/"),
                    'l' => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = file.Data },
                    'c' => new PaxTarEntry(TarEntryType.CharacterDevice, name),
                    _ => new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(file.Data)) },
                };
                entry.Mode = file.Kind == 'd' ? (UnixFileMode)0x1ED : (UnixFileMode)0x1A4;
                writer.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using var connection = new BufferedConnection(socket);
        var requestLine = await connection.ReadLineAsync(_stop.Token);
        if (requestLine is null)
        {
            return;
        }

        var parts = requestLine.Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        while (!string.IsNullOrEmpty(line = await connection.ReadLineAsync(_stop.Token)))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = await ReadBodyAsync(connection, headers);
        var target = parts[1];
        var path = target.Split('?')[0];
        path = path.StartsWith("/v1.", StringComparison.Ordinal) ? path[path.IndexOf('/', 1)..] : path;
        var query = new Dictionary<string, List<string>>();
        var parsed = HttpUtility.ParseQueryString(target.Contains('?') ? target[(target.IndexOf('?') + 1)..] : "");
        foreach (var key in parsed.AllKeys)
        {
            query[key!] = [.. parsed.GetValues(key)!];
        }

        lock (Requests)
        {
            Requests.Add((parts[0], path, query, body));
        }

        var (status, responseHeaders, payload) = Handle(parts[0], path, query);
        var head = new StringBuilder().Append("HTTP/1.1 ").Append(status).Append(" X\r\n");
        foreach (var (k, v) in responseHeaders)
        {
            head.Append(k).Append(": ").Append(v).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(parts[0] == "HEAD" ? 0 : payload.Length).Append("\r\n\r\n");
        await connection.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), default);
        if (parts[0] != "HEAD")
        {
            await connection.WriteAsync(payload, default);
        }
    }

    private async Task<byte[]> ReadBodyAsync(BufferedConnection connection, Dictionary<string, string> headers)
    {
        var body = new MemoryStream();
        if (headers.TryGetValue("Content-Length", out var cl) && int.Parse(cl) > 0)
        {
            var buffer = new byte[int.Parse(cl)];
            var read = 0;
            while (read < buffer.Length)
            {
                read += await connection.ReadAsync(buffer.AsMemory(read), _stop.Token);
            }

            body.Write(buffer);
        }
        else if (headers.TryGetValue("Transfer-Encoding", out var te) && te == "chunked")
        {
            while (true)
            {
                var size = Convert.ToInt32((await connection.ReadLineAsync(_stop.Token))!, 16);
                if (size == 0)
                {
                    await connection.ReadLineAsync(_stop.Token);
                    break;
                }

                var chunk = new byte[size];
                var got = 0;
                while (got < size)
                {
                    got += await connection.ReadAsync(chunk.AsMemory(got), _stop.Token);
                }

                body.Write(chunk);
                await connection.ReadLineAsync(_stop.Token);
            }
        }

        return body.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        Directory.Delete(_dir, recursive: true);
        _stop.Dispose();
    }
}
