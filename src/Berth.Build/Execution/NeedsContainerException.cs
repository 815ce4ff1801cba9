namespace Berth.Build.Execution;

/// <summary>
/// Thrown by <see cref="LayerView"/> when a path goes through a symlink or replaces an entry of
/// another type: the step then runs through a helper container, where overlayfs and the container
/// filesystem resolve it exactly as `docker cp` would.
/// </summary>
internal sealed class NeedsContainerException(string path) : Exception($"{path} needs the container filesystem");
