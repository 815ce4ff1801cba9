namespace Berth.Testing;

/// <summary>
/// The local debian:bookworm image made by scripts/debian-image.sh: a debootstrap of bookworm from
/// Debian's mirror, done once per machine and cached as a tarball (DEBIAN_IMAGE_CACHE, default
/// /var/cache/berth-test/debian-bookworm.tar.gz), then imported into each test daemon.
/// </summary>
public static class DebianImage
{
    public const string Reference = "debian:bookworm";

    /// <summary>The script's exit code when debootstrap could not reach the mirror.</summary>
    public const int NoNetworkExitCode = 75;

    private static readonly TimeSpan s_scriptTimeout = TimeSpan.FromMinutes(20);
    private static readonly SemaphoreSlim s_lock = new(1, 1);
    private static string? s_tarball;

    public static string Script => Path.Combine(BerthPaths.RepoRoot, "scripts", "debian-image.sh");

    public static string CachePath =>
        Environment.GetEnvironmentVariable("DEBIAN_IMAGE_CACHE") is { Length: > 0 } path ? path : "/var/cache/berth-test/debian-bookworm.tar.gz";

    public static string Mirror =>
        Environment.GetEnvironmentVariable("DEBIAN_MIRROR") is { Length: > 0 } mirror ? mirror : "http://deb.debian.org/debian";

    /// <summary>
    /// Makes sure the cached tarball exists (debootstrap on the first call of a test run), then imports
    /// it into <paramref name="daemon"/> as debian:bookworm unless the daemon has it. Throws with the
    /// script's output on failure.
    /// </summary>
    public static async Task EnsureImageAsync(DaemonFixture daemon, CancellationToken cancellationToken = default)
    {
        await EnsureTarballAsync(cancellationToken);
        BinaryCommand berth = BerthPaths.Berth;
        var env = new Dictionary<string, string?>
        {
            ["BERTH"] = string.Join(' ', berth.PrefixArguments.Prepend(berth.FileName)),
            ["BERTH_HOST"] = daemon.Host,
            ["DOCKER_HOST"] = null,
        };
        (await ProcessRunner.RunAsync(new BinaryCommand("bash", []), [Script], env, timeout: s_scriptTimeout,
            cancellationToken: cancellationToken)).EnsureSuccess();
    }

    /// <summary>Path of the cached rootfs tarball, running debootstrap once if it is missing.</summary>
    public static async Task<string> EnsureTarballAsync(CancellationToken cancellationToken = default)
    {
        await s_lock.WaitAsync(cancellationToken);
        try
        {
            if (s_tarball is null || !File.Exists(s_tarball))
            {
                // The script takes a file lock, so parallel test processes debootstrap only once.
                var result = await ProcessRunner.RunAsync(new BinaryCommand("bash", []), [Script, "--tar-only"],
                    timeout: s_scriptTimeout, cancellationToken: cancellationToken);
                if (result.ExitCode == NoNetworkExitCode)
                {
                    throw new InvalidOperationException($"debootstrap could not reach {Mirror}:\n{result.Stderr}");
                }
                s_tarball = result.EnsureSuccess().Stdout.Trim();
            }
            return s_tarball;
        }
        finally
        {
            s_lock.Release();
        }
    }

    /// <summary>
    /// Why the Debian tests cannot run here, or null: not root, no cached tarball and no debootstrap,
    /// or no cached tarball and the mirror unreachable (the error is part of the reason).
    /// </summary>
    public static string? SkipReason() => s_skipReason.Value;

    private static readonly Lazy<string?> s_skipReason = new(ComputeSkipReason);

    private static string? ComputeSkipReason()
    {
        if (TestEnvironment.SkipUnlessRoot() is { } notRoot)
        {
            return notRoot;
        }
        if (File.Exists(CachePath) && new FileInfo(CachePath).Length > 0)
        {
            return null;
        }
        if (TestEnvironment.FindExecutable("debootstrap") is null && !File.Exists("/usr/sbin/debootstrap"))
        {
            return "needs debootstrap to make debian:bookworm (scripts/install-deps.sh)";
        }
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            using var response = http.Send(new HttpRequestMessage(HttpMethod.Head, Mirror.TrimEnd('/') + "/dists/bookworm/Release"));
            return response.IsSuccessStatusCode
                ? null
                : $"debootstrap cannot fetch bookworm: {Mirror} answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return $"debootstrap cannot reach the Debian mirror (no network): {Mirror}: {e.GetBaseException().Message}";
        }
    }
}
