using Berth.Networking.Native;

namespace Berth.Networking.Namespaces;

/// <summary>An open namespace file descriptor (for setns or IFLA_NET_NS_FD), closed on dispose.</summary>
internal sealed class NamespaceHandle : IDisposable
{
    private NamespaceHandle(int fd) => Fd = fd;

    public int Fd { get; private set; }

    public static NamespaceHandle Open(string path) =>
        new(LibC.Check(LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0), "open", path));

    public void Dispose()
    {
        if (Fd >= 0)
        {
            LibC.close(Fd);
            Fd = -1;
        }
    }
}
