using Berth.Testing;

namespace Berth.Volumes.Tests;

/// <summary>Copy of the image's files into an empty volume, and the symlink escape it must not fall for.</summary>
public sealed class CopyUpTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Stat(string path, string format) => new UnixFileInfoProbe(path).Run("-c", format);

    private static void Sh(string script)
    {
        using var p = System.Diagnostics.Process.Start("/bin/sh", ["-c", script])!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    [RootFact]
    public async Task CopiesOwnersModesTimesSymlinksAndXattrs()
    {
        string rootfs = _dir.Combine("rootfs");
        string volume = _dir.Combine("vol");
        Directory.CreateDirectory(volume);
        Sh($"""
            set -e
            mkdir -p {rootfs}/var/lib/db/sub
            echo hello > {rootfs}/var/lib/db/file
            chown 999:998 {rootfs}/var/lib/db {rootfs}/var/lib/db/file
            chmod 4750 {rootfs}/var/lib/db/file
            chmod 0710 {rootfs}/var/lib/db
            ln -s ../file {rootfs}/var/lib/db/sub/link
            chown -h 5:6 {rootfs}/var/lib/db/sub/link
            mkfifo {rootfs}/var/lib/db/fifo
            touch -d '2001-02-03 04:05:06' {rootfs}/var/lib/db/file
            touch -h -d '2002-02-03 04:05:06' {rootfs}/var/lib/db/sub/link
            touch -d '2003-02-03 04:05:06' {rootfs}/var/lib/db/sub
            """);
        bool xattrs = TrySh($"python3 -c \"import os; os.setxattr('{rootfs}/var/lib/db/file', 'user.test', b'42')\"");

        string? resolved = await VolumeCopyUp.CopyUpAsync(rootfs, "/var/lib/db", volume, default);

        Assert.Equal("/var/lib/db", resolved);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(volume, "file")));
        Assert.Equal("999:998 4750", Stat(Path.Combine(volume, "file"), "%u:%g %a"));
        Assert.Equal("999:998 710", Stat(volume, "%u:%g %a"));
        Assert.Equal("../file", new FileInfo(Path.Combine(volume, "sub", "link")).LinkTarget);
        Assert.Equal("5:6", Stat(Path.Combine(volume, "sub", "link"), "%u:%g"));
        Assert.Equal(Stat(Path.Combine(rootfs, "var/lib/db/file"), "%Y"), Stat(Path.Combine(volume, "file"), "%Y"));
        Assert.Equal(Stat(Path.Combine(rootfs, "var/lib/db/sub/link"), "%Y"), Stat(Path.Combine(volume, "sub", "link"), "%Y"));
        Assert.Equal(Stat(Path.Combine(rootfs, "var/lib/db/sub"), "%Y"), Stat(Path.Combine(volume, "sub"), "%Y"));
        Assert.Equal("fifo", Stat(Path.Combine(volume, "fifo"), "%F"));
        if (xattrs)
        {
            Assert.Equal("b'42'", Capture($"python3 -c \"import os; print(os.getxattr('{volume}/file', 'user.test'))\"").Trim());
        }
    }

    [RootFact]
    public async Task DoesNotCopyIntoANonEmptyVolumeOrFromAMissingPath()
    {
        string rootfs = _dir.Combine("rootfs");
        Directory.CreateDirectory(Path.Combine(rootfs, "data"));
        File.WriteAllText(Path.Combine(rootfs, "data", "image-file"), "x");
        string volume = _dir.Combine("vol");
        Directory.CreateDirectory(volume);
        File.WriteAllText(Path.Combine(volume, "existing"), "y");

        Assert.Equal("/data", await VolumeCopyUp.CopyUpAsync(rootfs, "/data", volume, default));
        Assert.False(File.Exists(Path.Combine(volume, "image-file")));
        Assert.Null(await VolumeCopyUp.CopyUpAsync(rootfs, "/missing", volume, default));
    }

    [RootFact]
    public async Task SymlinkedDestinationStaysInsideTheRootfs()
    {
        // The container made /data a symlink to /etc (absolute) and /up a symlink to ../../.. between create and start.
        string rootfs = _dir.Combine("rootfs");
        string hostSecret = _dir.Combine("host-etc");
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        Directory.CreateDirectory(hostSecret);
        File.WriteAllText(Path.Combine(rootfs, "etc", "container-file"), "mine");
        File.WriteAllText(Path.Combine(hostSecret, "shadow"), "host secret");
        File.CreateSymbolicLink(Path.Combine(rootfs, "data"), "/etc");
        File.CreateSymbolicLink(Path.Combine(rootfs, "up"), "../../../../../../.." + hostSecret);

        string volume = _dir.Combine("vol");
        Directory.CreateDirectory(volume);
        Assert.Equal("/etc", await VolumeCopyUp.CopyUpAsync(rootfs, "/data", volume, default));
        Assert.Equal(["container-file"], Directory.EnumerateFileSystemEntries(volume).Select(Path.GetFileName));

        string volume2 = _dir.Combine("vol2");
        Directory.CreateDirectory(volume2);
        // "../.. + host path" resolves inside the rootfs, where that path does not exist: nothing is copied.
        Assert.Null(await VolumeCopyUp.CopyUpAsync(rootfs, "/up", volume2, default));
        Assert.Empty(Directory.EnumerateFileSystemEntries(volume2));
    }

    private static bool TrySh(string script)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", script + " 2>/dev/null"]))!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    private static string Capture(string script)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", script]) { RedirectStandardOutput = true })!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }
}
