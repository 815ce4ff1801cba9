using System.Diagnostics;
using System.Globalization;
using Berth.Daemon.Native;
using Microsoft.Extensions.Logging;

namespace Berth.Daemon.Hosting;

/// <summary>
/// Gives the API socket mode 0660 and group "berth" (like dockerd's "docker" group), creating
/// the group when it is missing so members can use berth without sudo.
/// </summary>
internal static class SocketPermissions
{
    public const string GroupName = "berth";

    public static void Apply(string socketPath, ILogger logger)
    {
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
        var gid = FindGroup() ?? CreateGroup(logger);
        if (gid is null)
        {
            DaemonLog.NoSocketGroup(logger, GroupName, socketPath);
            return;
        }

        try
        {
            Libc.Chown(socketPath, 0, gid.Value);
        }
        catch (IOException ex)
        {
            DaemonLog.SocketChownFailed(logger, socketPath, ex.Message);
        }
    }

    private static uint? FindGroup()
    {
        if (!File.Exists("/etc/group"))
        {
            return null;
        }

        foreach (var line in File.ReadLines("/etc/group"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 3 && fields[0] == GroupName
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return gid;
            }
        }

        return null;
    }

    private static uint? CreateGroup(ILogger logger)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("groupadd", ["-r", GroupName])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            // 9: the group appeared meanwhile (another daemon created it).
            if (process.ExitCode is not 0 and not 9)
            {
                DaemonLog.GroupAddFailed(logger, GroupName, error.Trim());
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            DaemonLog.GroupAddFailed(logger, GroupName, ex.Message);
        }

        return FindGroup();
    }
}
