namespace Berth.Runtime.Conmon;

/// <summary>
/// The exit code Docker records for a process the runtime could not start (moby's
/// translateContainerdStartErr): 127 when the command is not found or a mount target has the wrong
/// type, 126 when it cannot be invoked (EACCES), otherwise the caller's fallback (128 for a
/// container, 126 for an exec).
/// </summary>
internal static class StartErrorCode
{
    public const int NotFound = 127;
    public const int CannotInvoke = 126;

    public static int FromMessage(string message, string command, int fallback)
    {
        bool notFound = message.Contains("executable file not found", StringComparison.OrdinalIgnoreCase)
            || message.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase);
        if (notFound && message.Contains(command, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound;
        }
        if (message.Contains("permission denied", StringComparison.OrdinalIgnoreCase))
        {
            return CannotInvoke;
        }
        if (message.Contains("not a directory", StringComparison.OrdinalIgnoreCase))
        {
            return NotFound;
        }
        return fallback;
    }
}
