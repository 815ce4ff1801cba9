using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Berth.Testing;

/// <summary>
/// The busybox root filesystem tar that `make run` imports as busybox:latest, built by the same
/// script (scripts/busybox-rootfs.sh) once per busybox binary and cached in .testdata/.
/// </summary>
public static class BusyboxRootfs
{
    public const string ImageReference = "busybox:latest";
    public const string ImportChange = "CMD [\"sh\"]";

    private static readonly SemaphoreSlim s_lock = new(1, 1);
    private static string? s_tarPath;

    /// <summary>Path of the rootfs tar, building it on first use.</summary>
    public static async Task<string> GetTarPathAsync(CancellationToken cancellationToken = default)
    {
        await s_lock.WaitAsync(cancellationToken);
        try
        {
            if (s_tarPath is not null && File.Exists(s_tarPath))
            {
                return s_tarPath;
            }
            string path = Path.Combine(BerthPaths.TestDataDirectory, $"busybox-rootfs-{CacheKey()}.tar");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(BerthPaths.TestDataDirectory);
                // The script writes a temp file and renames it, so concurrent test processes are safe.
                (await ProcessRunner.RunAsync(
                    new BinaryCommand("bash", []), [BerthPaths.BusyboxRootfsScript, "--tar", path],
                    cancellationToken: cancellationToken)).EnsureSuccess();
            }
            s_tarPath = path;
            return path;
        }
        finally
        {
            s_lock.Release();
        }
    }

    /// <summary>Imports the rootfs as <paramref name="reference"/> unless the daemon has it; returns the image ID.</summary>
    public static async Task<string> EnsureBusyboxImageAsync(
        DaemonFixture daemon, string reference = ImageReference, CancellationToken cancellationToken = default)
    {
        if (await TryGetImageIdAsync(daemon, reference, cancellationToken) is { } existing)
        {
            return existing;
        }
        string tar = await GetTarPathAsync(cancellationToken);
        await using (var stdin = File.OpenRead(tar))
        {
            (await daemon.RunCliAsync(["import", "--change", ImportChange, "-", reference], stdin,
                cancellationToken: cancellationToken)).EnsureSuccess();
        }
        return await TryGetImageIdAsync(daemon, reference, cancellationToken)
            ?? throw new InvalidOperationException($"`berth import` succeeded but {reference} cannot be inspected");
    }

    /// <summary>The image's ID (sha256:…) via `berth image inspect`, or null if the daemon lacks it.</summary>
    public static async Task<string?> TryGetImageIdAsync(
        DaemonFixture daemon, string reference, CancellationToken cancellationToken = default)
    {
        var result = await daemon.RunCliAsync(["image", "inspect", reference], cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement[0].GetProperty("Id").GetString();
    }

    // A new busybox package or a changed script gives a new tar; old ones are left for `make clean`.
    private static string CacheKey()
    {
        var busybox = new FileInfo(Environment.GetEnvironmentVariable("BUSYBOX") ?? "/bin/busybox");
        if (!busybox.Exists)
        {
            throw new FileNotFoundException("/bin/busybox is missing: apt-get install busybox-static (make deps)");
        }
        string material = $"{busybox.Length}:{busybox.LastWriteTimeUtc.Ticks}:" + File.ReadAllText(BerthPaths.BusyboxRootfsScript);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..16];
    }
}
