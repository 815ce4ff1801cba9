using Berth.Core.Containers;
using Berth.Core.Errors;
using Berth.Linux;
using Berth.Runtime.Filesystem;
using Xunit;

namespace Berth.Runtime.Tests.Filesystem;

/// <summary>
/// A container's filesystem without a container: a real overlay mount of temp lower/upper/work dirs,
/// plus a "host" directory with a canary file outside the rootfs that no operation may read or touch.
/// </summary>
internal sealed class OverlayContainer : IContainerRootfsSource, IDisposable
{
    public const string CanaryText = "HOST SECRET - must never leave the host";

    public OverlayContainer(Action<string>? populateLower = null, ContainerSpec? config = null)
    {
        Root = Directory.CreateTempSubdirectory("berth-fs-").FullName;
        Lower = Create("lower");
        Upper = Create("upper");
        Work = Create("work");
        Merged = Create("merged");
        HostDir = Create("host");
        File.WriteAllText(CanaryPath, CanaryText);
        populateLower?.Invoke(Lower);
        Info = NewInfo(config ?? new ContainerSpec { Image = "test" });
        try
        {
            Mounts.Mount("overlay", Merged, "overlay", 0, $"lowerdir={Lower},upperdir={Upper},workdir={Work},index=off");
        }
        catch
        {
            Directory.Delete(Root, recursive: true);
            throw;
        }
    }

    public string Root { get; }
    public string Lower { get; }
    public string Upper { get; }
    public string Work { get; }
    public string Merged { get; }
    public string HostDir { get; }
    public string CanaryPath => Path.Combine(HostDir, "canary.txt");
    public ContainerInfo Info { get; set; }
    public int Acquired { get; private set; }

    /// <summary>A path of the container's merged view, for setting it up and checking results.</summary>
    public string InMerged(string containerPath) => Path.Combine(Merged, containerPath.TrimStart('/'));

    public Task<ContainerRootfs> AcquireAsync(string nameOrId, bool mount, CancellationToken cancellationToken)
    {
        if (nameOrId != Info.Id && nameOrId.TrimStart('/') != Info.Name.TrimStart('/'))
        {
            throw EngineException.NotFound("No such container: " + nameOrId);
        }
        Acquired++;
        return Task.FromResult(new ContainerRootfs(Info, Upper, [Lower], mount ? Merged : null, null));
    }

    public void AssertHostUntouched()
    {
        Assert.Equal(CanaryText, File.ReadAllText(CanaryPath));
        Assert.Equal(["canary.txt"], Directory.GetFileSystemEntries(HostDir).Select(Path.GetFileName));
    }

    public void Dispose()
    {
        for (int round = 0; round < 5 && Mounts.MountPointsUnder(Root).Count > 0; round++)
        {
            foreach (string mount in Mounts.MountPointsUnder(Root).OrderByDescending(m => m.Length))
            {
                Mounts.Unmount(mount, Mounts.MNT_DETACH);
            }
        }
        Directory.Delete(Root, recursive: true);
    }

    private string Create(string name)
    {
        string dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private ContainerInfo NewInfo(ContainerSpec config) => new()
    {
        Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        Name = "/fs-test",
        Created = DateTimeOffset.UnixEpoch,
        Path = "sh",
        Args = [],
        State = new ContainerState { Status = ContainerStatus.Exited },
        Image = "sha256:" + new string('a', 64),
        ImageName = config.Image,
        Spec = config,
        Config = config,
        LogPath = "",
        ResolvConfPath = "",
        HostnamePath = "",
        HostsPath = "",
        GraphDriverData = new Dictionary<string, string>(),
    };
}
