namespace Berth.Testing;

/// <summary>Facts about the machine that decide whether a test can run here.</summary>
public static class TestEnvironment
{
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Finds an executable by name on PATH (or checks an absolute path).</summary>
    public static string? FindExecutable(string name)
    {
        if (name.Contains('/'))
        {
            return File.Exists(name) ? name : null;
        }
        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Why a root-only test cannot run here, or null if it can.</summary>
    public static string? SkipUnlessRoot() =>
        IsRoot ? null : "needs root (the daemon mounts, chowns and manages namespaces)";

    /// <summary>Why a test needing root and these programs cannot run here, or null if it can.</summary>
    public static string? SkipUnlessRootAnd(IEnumerable<string> binaries)
    {
        if (SkipUnlessRoot() is { } reason)
        {
            return reason;
        }
        var missing = binaries.Where(b => FindExecutable(b) is null).ToList();
        return missing.Count == 0 ? null : $"needs {string.Join(", ", missing)} (see scripts/install-deps.sh)";
    }
}
