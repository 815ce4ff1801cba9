using System.Reflection;

namespace Berth.Testing;

/// <summary>
/// Finds the repository and the binaries under test: the Debug/Release builds in the source tree,
/// or whatever BERTH_TEST_BERTHD / BERTH_TEST_BERTH / BERTH_TEST_DOCKER name (for example the
/// installed Native AOT binaries).
/// </summary>
public static class BerthPaths
{
    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    public static string RepoRoot => s_repoRoot.Value;

    /// <summary>The build configuration these tests were compiled in; the binaries are taken from the same one.</summary>
    public static string Configuration { get; } =
        typeof(BerthPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string BusyboxRootfsScript => Path.Combine(RepoRoot, "scripts", "busybox-rootfs.sh");

    /// <summary>Git-ignored cache for generated test inputs (the busybox rootfs tar).</summary>
    public static string TestDataDirectory => Path.Combine(RepoRoot, ".testdata");

    public static BinaryCommand Berthd => Resolve("BERTH_TEST_BERTHD", "Berth.Daemon", "berthd");

    public static BinaryCommand Berth => Resolve("BERTH_TEST_BERTH", "Berth.Cli", "berth");

    public static BinaryCommand Docker =>
        new(Environment.GetEnvironmentVariable("BERTH_TEST_DOCKER") is { Length: > 0 } d ? d : "/usr/local/bin/docker", []);

    private static BinaryCommand Resolve(string envVar, string project, string name)
    {
        if (Environment.GetEnvironmentVariable(envVar) is { Length: > 0 } overridden)
        {
            if (!File.Exists(overridden))
            {
                throw new FileNotFoundException($"{envVar} names {overridden}, which does not exist.");
            }
            return new BinaryCommand(overridden, []);
        }

        string dir = Path.Combine(RepoRoot, "src", project, "bin", Configuration, "net10.0");
        string apphost = Path.Combine(dir, name);
        if (File.Exists(apphost))
        {
            return new BinaryCommand(apphost, []);
        }
        string dll = Path.Combine(dir, name + ".dll");
        if (File.Exists(dll))
        {
            return new BinaryCommand("dotnet", [dll]);
        }
        throw new FileNotFoundException(
            $"{name} is not built: neither {apphost} nor {dll} exists. " +
            $"Run `dotnet build src/{project} -c {Configuration}` (or `make build`), or set {envVar}.");
    }

    private static string FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("BERTH_REPO_ROOT") is { Length: > 0 } env)
        {
            return env;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Berth.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException(
            $"No Berth.slnx above {AppContext.BaseDirectory}; set BERTH_REPO_ROOT.");
    }
}
