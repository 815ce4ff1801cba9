namespace Berth.Runtime.Conmon;

/// <summary>One container's conmon invocation.</summary>
internal sealed record ConmonRequest(
    string ContainerId,
    string Name,
    string BundleDir,
    string LogPath,
    long LogSizeMax,
    bool Tty,
    bool Stdin,
    bool StdinOnce);
