using System.Net.Sockets;
using System.Text;
using Berth.Client.Http;

namespace Berth.Cli.Tests;

/// <summary>A recorded request seen by <see cref="FakeEngine"/>.</summary>
public sealed record RecordedRequest(string Method, string Target, Dictionary<string, string> Headers, byte[] Body)
{
    public string Path => Target.Split('?')[0];

    public string Query => Target.Contains('?') ? Target[(Target.IndexOf('?') + 1)..] : string.Empty;

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>A canned answer; <see cref="Chunked"/> sends the body with chunked encoding.</summary>
public sealed record FakeResponse(int Status, string Body, string ContentType = "application/json", bool Chunked = false, bool Upgrade = false)
{
    /// <summary>Extra response headers ("API-Version" on a ping).</summary>
    public Dictionary<string, string> Headers { get; init; } = [];

    public static FakeResponse Json(string body) => new(200, body);

    public static FakeResponse Error(int status, string message) => new(status, "{\"message\":\"" + message + "\"}");
}

/// <summary>In-process HTTP/1.1 responder on a temp unix socket: records requests, returns canned responses.</summary>
public sealed class FakeEngine : IAsyncDisposable
{
    private readonly string _dir;
    private readonly Socket _listener;
    private readonly Func<RecordedRequest, FakeResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeEngine(Func<RecordedRequest, FakeResponse> handler)
    {
        _handler = handler;
        _dir = Directory.CreateTempSubdirectory("berth-cli-test-").FullName;
        SocketPath = System.IO.Path.Combine(_dir, "engine.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(16);
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string SocketPath { get; }

    public string Host => "unix://" + SocketPath;

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>For hijack tests: bytes the client wrote after the upgrade.</summary>
    public List<byte[]> HijackedInput { get; } = [];

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

        var request = new RecordedRequest(parts[0], parts[1], headers, body.ToArray());
        lock (Requests)
        {
            Requests.Add(request);
        }

        var response = _handler(request);
        var payload = Encoding.UTF8.GetBytes(response.Body);
        var head = new StringBuilder();
        if (response.Upgrade)
        {
            head.Append("HTTP/1.1 101 UPGRADED\r\nContent-Type: ").Append(response.ContentType).Append("\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            await connection.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), default);
            await connection.WriteAsync(payload, default);
            var echo = new byte[1024];
            var n = await connection.ReadAsync(echo, _stop.Token);
            lock (HijackedInput)
            {
                HijackedInput.Add(echo[..n]);
            }

            return;
        }

        head.Append("HTTP/1.1 ").Append(response.Status).Append(" X\r\n");
        head.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        foreach (var (name, value) in response.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (response.Chunked)
        {
            head.Append("Transfer-Encoding: chunked\r\n\r\n");
            await connection.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), default);
            // Split in odd pieces so chunk boundaries fall inside JSON values.
            for (var i = 0; i < payload.Length; i += 7)
            {
                var piece = payload.AsMemory(i, Math.Min(7, payload.Length - i));
                await connection.WriteAsync(Encoding.ASCII.GetBytes(piece.Length.ToString("x") + "\r\n"), default);
                await connection.WriteAsync(piece, default);
                await connection.WriteAsync("\r\n"u8.ToArray(), default);
            }

            await connection.WriteAsync("0\r\n\r\n"u8.ToArray(), default);
        }
        else
        {
            head.Append("Content-Length: ").Append(payload.Length).Append("\r\n\r\n");
            await connection.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), default);
            await connection.WriteAsync(payload, default);
        }
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
