namespace Berth.Networking;

/// <summary>Writes under /proc/sys/net, which is per network namespace: the calling thread's namespace decides
/// which one is changed. Missing keys (IPv6 disabled on the kernel command line) fail with a clear message.</summary>
internal static class Sysctl
{
    public static void Write(string key, string value)
    {
        string path = "/proc/sys/" + key;
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot set {key.Replace('/', '.')}={value}: {e.Message}", e);
        }
    }

    public static string? Read(string key)
    {
        string path = "/proc/sys/" + key;
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
