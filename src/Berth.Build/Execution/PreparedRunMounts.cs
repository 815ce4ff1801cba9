namespace Berth.Build.Execution;

/// <summary>
/// One RUN's mounts, ready for the container spec, and the host resources behind them (the secret
/// tmpfs, ssh agent proxies, private copies for bind mounts), released on dispose.
/// </summary>
internal sealed class PreparedRunMounts : IAsyncDisposable
{
    private readonly string _workDir;
    private readonly List<SshAgentProxy> _proxies = [];
    private readonly List<string> _copies = [];
    private SecretTmpfs? _secrets;

    public PreparedRunMounts(string workDir) => _workDir = workDir;

    public List<string> Binds { get; } = [];

    public Dictionary<string, string> Tmpfs { get; } = new(StringComparer.Ordinal);

    /// <summary>"KEY=value" added to the RUN's environment (SSH_AUTH_SOCK); never a secret.</summary>
    public List<string> Env { get; } = [];

    /// <summary>env= secrets, exported by <see cref="SecretEnvWrapper"/>.</summary>
    public List<(string Name, byte[] Value)> SecretEnv { get; } = [];

    /// <summary>In-container targets whose mount points must not reach the layer (secret and ssh mounts).</summary>
    public List<string> StubTargets { get; } = [];

    /// <summary>The tmpfs for secret files and agent sockets, made on first use.</summary>
    public SecretTmpfs Secrets => _secrets ??= SecretTmpfs.Create(Path.Combine(_workDir, "secrets-" + Guid.NewGuid().ToString("N")));

    public void AddProxy(SshAgentProxy proxy) => _proxies.Add(proxy);

    /// <summary>A new directory or file path for a private copy, removed on dispose.</summary>
    public string NewCopyPath(string prefix)
    {
        var path = Path.Combine(_workDir, prefix + "-" + Guid.NewGuid().ToString("N"));
        _copies.Add(path);
        return path;
    }

    /// <summary>Writes the env wrapper to the tmpfs and binds it; returns the command prefix to run through it.</summary>
    public string? PrepareEnvWrapper()
    {
        if (SecretEnv.Count == 0)
        {
            return null;
        }

        var script = Secrets.WriteFile("env-wrapper", SecretEnvWrapper.Script(SecretEnv), 0x16D, 0, 0);
        Binds.Add($"{script}:{SecretEnvWrapper.ContainerPath}:ro");
        return SecretEnvWrapper.ContainerPath;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var proxy in _proxies)
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
        }

        _secrets?.Dispose();
        foreach (var copy in _copies)
        {
            try
            {
                if (Directory.Exists(copy))
                {
                    Directory.Delete(copy, recursive: true);
                }
                else
                {
                    File.Delete(copy);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The build's work directory goes at the end of the build anyway.
            }
        }
    }
}
