using System.Net.Sockets;
using Berth.Daemon.Options;

namespace Berth.Daemon.Hosting;

/// <summary>Prepares a unix socket path before Kestrel binds it, and cleans it up after.</summary>
internal static class UnixSocketSetup
{
    /// <summary>Creates the parent directory and removes a stale socket, refusing to steal a live one.</summary>
    public static void Prepare(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            return;
        }

        if (IsListening(path))
        {
            throw new UsageException($"another daemon is already listening on unix://{path}");
        }

        File.Delete(path);
    }

    public static void Remove(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Shutting down anyway.
        }
    }

    private static bool IsListening(string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
