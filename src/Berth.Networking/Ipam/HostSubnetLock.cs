namespace Berth.Networking.Ipam;

/// <summary>
/// Serialises the choice of automatic subnets among all Berth daemons of this host. A daemon picks
/// the first pool that no route uses; two daemons starting at once (a test suite, or a system and a
/// private daemon) would otherwise both see the same pool free and make two bridges on one subnet,
/// whose masquerade rules then catch each other's traffic. Held from the choice until the bridge has
/// its address, and so the route the next daemon's choice sees. An advisory lock on a file in
/// /run/lock (.NET's FileShare.None is flock(LOCK_EX) on Linux); it goes with the process.
/// </summary>
internal sealed class HostSubnetLock : IDisposable
{
    private const string LockFile = "/run/lock/berth-subnets.lock";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FileStream? _file;

    private HostSubnetLock(FileStream? file) => _file = file;

    /// <summary>Waits for the lock; after <see cref="Patience"/> (a daemon stuck while holding it) it goes on without.</summary>
    public static async Task<HostSubnetLock> AcquireAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(LockFile)!);
                return new HostSubnetLock(new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(5, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new HostSubnetLock(null);
            }
        }
    }

    public void Dispose() => _file?.Dispose();
}
