using System.Net.Sockets;
using Berth.Linux;
using Berth.Linux.Files;
using Microsoft.Win32.SafeHandles;

namespace Berth.Build.Execution;

/// <summary>
/// A unix socket that forwards each connection to the client's ssh-agent socket, as BuildKit's
/// session forwarding does. A proxy rather than a bind of the agent's socket itself: the socket a
/// RUN sees gets the mount's own uid, gid and mode (0600 root by default), and the user's agent
/// socket is never exposed or re-permissioned.
/// </summary>
internal sealed class SshAgentProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _agentPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;
    private readonly SafeFileHandle _agentDirectory;

    private SshAgentProxy(Socket listener, string path, SafeFileHandle agentDirectory, string agentPath)
    {
        _listener = listener;
        Path = path;
        _agentDirectory = agentDirectory;
        _agentPath = ShortPath(agentDirectory, System.IO.Path.GetFileName(agentPath));
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The proxy's socket, to bind-mount into the RUN container.</summary>
    public string Path { get; }

    public static SshAgentProxy Start(string path, string agentPath, uint mode, uint uid, uint gid)
    {
        // sockaddr_un holds 108 bytes and data roots can be deep: sockets are reached through
        // /proc/self/fd/N/name, N an O_PATH descriptor of their directory, whatever its length.
        var agentDirectory = FileDescriptors.OpenDirectoryPath(System.IO.Path.GetDirectoryName(agentPath)!);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using (var directory = FileDescriptors.OpenDirectoryPath(System.IO.Path.GetDirectoryName(path)!))
            {
                listener.Bind(new UnixDomainSocketEndPoint(ShortPath(directory, System.IO.Path.GetFileName(path))));
            }

            FileNodes.Lchown(path, (int)uid, (int)gid);
            File.SetUnixFileMode(path, (UnixFileMode)(mode & 0x1FF));
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            agentDirectory.Dispose();
            throw;
        }

        return new SshAgentProxy(listener, path, agentDirectory, agentPath);
    }

    private static string ShortPath(SafeFileHandle directory, string name) => FileHandles.ProcPath(directory) + "/" + name;

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(ForwardAsync(client));
            }
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using (client)
        {
            using var agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await agent.ConnectAsync(new UnixDomainSocketEndPoint(_agentPath), _stop.Token).ConfigureAwait(false);
                await Task.WhenAll(PumpAsync(client, agent), PumpAsync(agent, client)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // The agent went away or the RUN ended: the client sees its connection close.
            }
        }
    }

    /// <summary>Copies one direction; at its end the other side learns of it by a half-close.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16384];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            var sent = 0;
            while (sent < read)
            {
                sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        Task[] pending;
        lock (_connections)
        {
            pending = [_acceptLoop, .. _connections];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        _stop.Dispose();
        _agentDirectory.Dispose();
        File.Delete(Path);
    }
}
