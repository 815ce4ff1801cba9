using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>RUN --mount (cache, tmpfs, bind), COPY --chown by name, ADD of local archives and heredocs, over busybox.</summary>
public sealed class BuildFeatureTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    private string Context(string name, params (string Path, string Content)[] files)
    {
        var dir = Path.Combine(_daemon.Root, "ctx-" + name);
        Directory.CreateDirectory(dir);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content);
        }
        return dir;
    }

    private async Task<CliResult> BuildAsync(string context, params string[] args) =>
        (await _daemon.RunCliAsync(["build", .. args, context])).EnsureSuccess();

    private async Task<IReadOnlyList<string>> RunAsync(string image, params string[] command) =>
        (await _daemon.RunCliAsync(["run", "--rm", image, .. command])).EnsureSuccess().Lines;

    [RootFact]
    public async Task Cache_mount_persists_between_builds_and_stays_out_of_the_image()
    {
        var ctx = Context("cache", ("Dockerfile", """
            FROM busybox
            ARG RUN_ID
            RUN --mount=type=cache,target=/var/cache/app echo "build $RUN_ID" >> /var/cache/app/log && cat /var/cache/app/log
            RUN --mount=type=cache,id=owned,target=/owned,uid=1234,gid=2345,mode=0750 stat -c '%u:%g %a' /owned > /owned-stat && touch /owned/x
            RUN ls -A /var/cache/app > /in-image.txt
            """));
        var first = await BuildAsync(ctx, "--build-arg", "RUN_ID=1", "-t", "cache:1");
        Assert.Contains("build 1", first.Stdout);
        var second = await BuildAsync(ctx, "--build-arg", "RUN_ID=2", "-t", "cache:2");
        Assert.Contains("build 1\nbuild 2", second.Stdout.ReplaceLineEndings("\n"));

        Assert.Equal(["1234:2345 750"], await RunAsync("cache:2", "cat", "/owned-stat"));
        Assert.Empty(await RunAsync("cache:2", "cat", "/in-image.txt")); // only the empty mount point
    }

    [RootFact]
    public async Task Tmpfs_mount_is_a_tmpfs_that_leaves_nothing_behind()
    {
        var ctx = Context("tmpfs", ("Dockerfile", """
            FROM busybox
            RUN --mount=type=tmpfs,target=/scratch,size=1048576 grep ' /scratch tmpfs ' /proc/mounts | cut -d' ' -f1-3 && echo data > /scratch/file
            RUN ls -A /scratch > /left.txt
            """));
        var build = await BuildAsync(ctx, "-t", "tmpfs:1");
        Assert.Contains("tmpfs /scratch tmpfs", build.Stdout);
        Assert.Empty(await RunAsync("tmpfs:1", "cat", "/left.txt"));
    }

    [RootFact]
    public async Task Bind_mount_from_the_context_is_read_only_filtered_and_private()
    {
        var ctx = Context("bind",
            ("Dockerfile", """
                FROM busybox
                RUN --mount=type=bind,source=data,target=/data cat /data/input.txt > /copied.txt && readlink /data/link >> /copied.txt \
                 && if touch /data/new 2>/dev/null; then echo writable; else echo read-only; fi \
                 && ls /data > /listing.txt
                RUN --mount=type=bind,source=data,target=/data,rw echo changed > /data/input.txt && cat /data/input.txt
                RUN --mount=type=bind,target=/ctx ls /ctx > /ctx-list.txt
                COPY data/input.txt /after.txt
                """),
            (".dockerignore", "data/*.log\n"),
            ("data/input.txt", "original\n"),
            ("data/debug.log", "ignored\n"));
        File.CreateSymbolicLink(Path.Combine(ctx, "data", "link"), "input.txt");
        var build = await BuildAsync(ctx, "-t", "bind:1");
        Assert.Contains("read-only", build.Stdout);
        Assert.Contains("changed", build.Stdout);

        Assert.Equal(["original", "input.txt"], await RunAsync("bind:1", "cat", "/copied.txt"));
        Assert.Equal(["input.txt", "link"], await RunAsync("bind:1", "cat", "/listing.txt"));
        Assert.Equal(["Dockerfile", "data"], await RunAsync("bind:1", "cat", "/ctx-list.txt"));
        // The rw mount's write went to a private copy: COPY still sees the context as sent.
        Assert.Equal(["original"], await RunAsync("bind:1", "cat", "/after.txt"));

        // The bound files key the cache: a changed input re-runs the step.
        var cached = await BuildAsync(ctx, "-t", "bind:1");
        Assert.DoesNotContain("Running in", cached.Stdout);
        File.WriteAllText(Path.Combine(ctx, "data", "input.txt"), "second\n");
        await BuildAsync(ctx, "-t", "bind:2");
        Assert.Equal(["second", "input.txt"], await RunAsync("bind:2", "cat", "/copied.txt"));
    }

    [RootFact]
    public async Task Copy_chown_resolves_user_and_group_names_of_the_image()
    {
        var ctx = Context("chown",
            ("Dockerfile", """
                FROM busybox
                RUN echo 'app:x:1234:1234::/home/app:/bin/sh' >> /etc/passwd && printf 'app:x:1234:\nstaff2:x:2345:\n' >> /etc/group
                COPY --chown=app:staff2 f.txt /f1
                COPY --chown=app f.txt /f2
                COPY --chown=nobody:root dir/ /d/
                COPY --chown=1234:2345 f.txt /f3
                """),
            ("f.txt", "f"), ("dir/inner.txt", "i"));
        await BuildAsync(ctx, "-t", "chown:1");
        var stat = await RunAsync("chown:1", "stat", "-c", "%n %U:%G %u:%g", "/f1", "/f2", "/d", "/d/inner.txt", "/f3");
        Assert.Equal(["/f1 app:staff2 1234:2345", "/f2 app:app 1234:1234", "/d nobody:root 65534:0", "/d/inner.txt nobody:root 65534:0", "/f3 app:staff2 1234:2345"], stat);

        var unknown = await _daemon.RunCliAsync(["build", Context("chown-bad", ("Dockerfile", "FROM busybox\nCOPY --chown=nosuch Dockerfile /x\n"))]);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("unable to convert uid/gid chown string to host mapping: can't find uid for user nosuch: no such user: nosuch", unknown.Stderr);
    }

    [RootFact]
    public async Task Add_unpacks_local_tar_gz_but_copies_other_gzip_files_and_copy_never_unpacks()
    {
        var ctx = Context("add", ("Dockerfile", """
            FROM busybox
            ADD app.tar.gz /opt/
            ADD notes.txt.gz /opt/notes.txt.gz
            COPY app.tar.gz /copied.tar.gz
            """));
        WriteArchive(Path.Combine(ctx, "app.tar.gz"));
        using (var gz = new GZipStream(File.Create(Path.Combine(ctx, "notes.txt.gz")), CompressionLevel.Fastest))
        {
            gz.Write("just text\n"u8);
        }

        await BuildAsync(ctx, "-t", "add:1");
        Assert.Equal(["/opt/app 755 0:0", "/opt/app/bin/run.sh 755 0:0", "/opt/app/hello.txt 640 1000:1000"],
            await RunAsync("add:1", "stat", "-c", "%n %a %u:%g", "/opt/app", "/opt/app/bin/run.sh", "/opt/app/hello.txt"));
        Assert.Equal(["hello.txt", "hello from the archive", "hello from the archive", "run"],
            await RunAsync("add:1", "sh", "-c", "readlink /opt/app/link; cat /opt/app/link /opt/app/hard; /opt/app/bin/run.sh"));
        // A hard link in the archive stays one file with two names.
        Assert.Equal(["2 2"], await RunAsync("add:1", "sh", "-c", "echo $(stat -c %h /opt/app/hello.txt) $(stat -c %h /opt/app/hard)"));
        Assert.Equal(["just text"], await RunAsync("add:1", "zcat", "/opt/notes.txt.gz"));
        Assert.Equal(["ok"], await RunAsync("add:1", "sh", "-c", "gzip -t /copied.tar.gz && test ! -e /app && echo ok"));
    }

    private static void WriteArchive(string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        var now = DateTimeOffset.UtcNow;
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "app/") { Mode = (UnixFileMode)0x1ED, ModificationTime = now });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "app/hello.txt")
        {
            Mode = (UnixFileMode)0x1A0, Uid = 1000, Gid = 1000, ModificationTime = now,
            DataStream = new MemoryStream("hello from the archive\n"u8.ToArray()),
        });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "app/link") { LinkName = "hello.txt", ModificationTime = now });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "app/hard") { LinkName = "app/hello.txt", Uid = 1000, Gid = 1000, ModificationTime = now });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "app/bin/run.sh")
        {
            Mode = (UnixFileMode)0x1ED, ModificationTime = now,
            DataStream = new MemoryStream("#!/bin/sh\necho run\n"u8.ToArray()),
        });
    }

    [RootFact]
    public async Task Heredocs_in_run_and_copy()
    {
        var ctx = Context("heredoc", ("Dockerfile", """
            FROM busybox
            ARG WHO=builder
            ENV GREETING=hello
            RUN <<EOF
            echo "first $GREETING" > /h1
            echo "second for $WHO" >> /h1
            EOF
            RUN cat <<EOF > /h2
            piped $GREETING
            EOF
            RUN <<EOF
            #!/bin/awk -f
            BEGIN { print "awk says " ENVIRON["GREETING"] > "/h3" }
            EOF
            COPY <<EOF /h4
            copied ${GREETING} for ${WHO}
            EOF
            COPY <<'EOF' /h5
            literal ${GREETING}
            EOF
            COPY <<A <<B /multi/
            a-body
            A
            b-body
            B
            """));
        await BuildAsync(ctx, "-t", "heredoc:1");
        Assert.Equal(["first hello", "second for builder", "piped hello", "awk says hello", "copied hello for builder", "literal ${GREETING}", "a-body", "b-body"],
            await RunAsync("heredoc:1", "cat", "/h1", "/h2", "/h3", "/h4", "/h5", "/multi/A", "/multi/B"));
        Assert.Equal(["644"], await RunAsync("heredoc:1", "stat", "-c", "%a", "/h4"));

        var again = await BuildAsync(ctx, "-t", "heredoc:1");
        Assert.DoesNotContain("Running in", again.Stdout);
    }
}
