using System.Diagnostics;
using Berth.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int LayerMegabytes = 100;

    [RootFact]
    public async Task Killing_the_daemon_mid_load_leaves_no_half_image_and_a_reload_succeeds()
    {
        await using var daemon = new DaemonFixture();
        await daemon.StartAsync();
        string work = Path.Combine(daemon.Root, "work");
        Directory.CreateDirectory(work);
        string archive = Path.Combine(work, "big.tar");
        string expectedId = WriteBigArchive(work, archive);
        long before = DirectorySize(daemon.DataRoot);

        var load = daemon.RunCliAsync(["load", "-i", archive], timeout: TimeSpan.FromMinutes(5));
        var clock = Stopwatch.StartNew();
        // Kill once the daemon has taken in part of the upload, as a crash would strike.
        while (!load.IsCompleted && DirectorySize(daemon.DataRoot) - before < 5L << 20 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(10);
        }
        bool killedMidLoad = !load.IsCompleted;
        await daemon.KillAsync();
        var interrupted = await load;
        output.WriteLine($"killed mid-load: {killedMidLoad} after {clock.ElapsedMilliseconds} ms; load exit {interrupted.ExitCode}");

        await daemon.StartAsync();
        var listed = (await daemon.RunCliAsync(["images", "-a", "-q", "--no-trunc"])).EnsureSuccess();
        if (listed.Lines.Count > 0)
        {
            // The image survived: it must be whole.
            Assert.Equal([expectedId], listed.Lines);
            Assert.Equal(expectedId, await BusyboxRootfs.TryGetImageIdAsync(daemon, "big:1"));
            (await daemon.RunCliAsync(["save", "-o", Path.Combine(work, "resaved.tar"), "big:1"])).EnsureSuccess();
        }

        var reload = (await daemon.RunCliAsync(["load", "-i", archive], timeout: TimeSpan.FromMinutes(5))).EnsureSuccess();
        Assert.Contains("Loaded image: big:1", reload.Stdout);
        Assert.Equal(expectedId, await BusyboxRootfs.TryGetImageIdAsync(daemon, "big:1"));
        string saved = Path.Combine(work, "saved.tar");
        (await daemon.RunCliAsync(["save", "-o", saved, "big:1"], timeout: TimeSpan.FromMinutes(5))).EnsureSuccess();
        Assert.True(new FileInfo(saved).Length > LayerMegabytes << 20);

        // A second restart must still agree: nothing left half-written is picked up later.
        await daemon.RestartAsync();
        Assert.Equal(expectedId, await BusyboxRootfs.TryGetImageIdAsync(daemon, "big:1"));
    }

    private static string WriteBigArchive(string work, string archive)
    {
        string payload = Path.Combine(work, "payload.bin");
        using (var file = File.Create(payload))
        {
            var buffer = new byte[1 << 20];
            var random = new Random(42);
            for (int i = 0; i < LayerMegabytes; i++)
            {
                random.NextBytes(buffer);
                file.Write(buffer);
            }
        }
        string layer = Path.Combine(work, "layer.tar");
        using (var file = File.Create(layer))
        using (var tar = new System.Formats.Tar.TarWriter(file, System.Formats.Tar.TarEntryFormat.Pax))
        {
            tar.WriteEntry(payload, "data/payload.bin");
        }
        File.Delete(payload);
        var writer = new DockerArchiveWriter();
        string id = writer.AddImageFromFiles([layer], "big:1");
        writer.WriteTo(archive);
        File.Delete(layer);
        return id;
    }

    private static long DirectorySize(string path) =>
        Directory.Exists(path)
            ? new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .Sum(f => { try { return f.Length; } catch (IOException) { return 0L; } })
            : 0;
}
