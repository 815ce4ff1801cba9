using System.Formats.Tar;
using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Linux.Files;
using Berth.Linux.Native;
using Microsoft.Win32.SafeHandles;

namespace Berth.Runtime.Filesystem;

/// <summary>
/// Docker's archive of a container path (TarResourceRebase): a directory is archived from its own fd
/// with entries named "&lt;base&gt;/..." ("./..." for "dir/."), anything else is one entry named by
/// the path's base name, a symlink as the link itself.
/// </summary>
internal sealed class ContainerArchive(ContainerRootfs lease, RootDirectory root, Located located) : IContainerArchive
{
    private int _written;

    public PathStat Stat => located.Stat;

    public async Task WriteToAsync(Stream output, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _written, 1) != 0)
        {
            throw new InvalidOperationException("the archive was already written");
        }
        var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            try
            {
                var tree = new TreeTarWriter(writer);
                if (Stat.IsDirectory)
                {
                    using SafeFileHandle dir = FileHandles.OpenAt(located.Handle, ".", OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
                    await tree.WriteDirectoryAsync(dir, Stat.Name, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    using SafeFileHandle parent = root.Open(located.ResolvedDir, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
                    await tree.WriteEntryAsync(parent, located.File, Stat.Name, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (SyscallException e)
            {
                throw EngineException.Internal($"archive {Stat.Name}: {e.Message}", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        located.Dispose();
        root.Dispose();
        await lease.DisposeAsync().ConfigureAwait(false);
    }
}
