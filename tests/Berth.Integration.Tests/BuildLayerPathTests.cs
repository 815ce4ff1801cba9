using Berth.Testing;
using Xunit;

namespace Berth.Integration.Tests;

/// <summary>
/// COPY and WORKDIR layers are written straight from the image's layers when the paths are plain and
/// through a helper container when they are not (symlinks, files in the way). Both must give the
/// image a container sees: whiteouts and opaque directories of earlier RUN steps respected,
/// symlinked destinations followed inside the image, the directories above keeping their owners.
/// </summary>
public sealed class BuildLayerPathTests : IAsyncLifetime
{
    private readonly DaemonFixture _daemon = new();

    public async Task InitializeAsync()
    {
        await _daemon.StartAsync();
        await BusyboxRootfs.EnsureBusyboxImageAsync(_daemon);
    }

    public Task DisposeAsync() => _daemon.DisposeAsync();

    [RootFact]
    public async Task Copy_and_workdir_follow_the_images_symlinks_whiteouts_and_owners()
    {
        var ctx = Path.Combine(_daemon.Root, "ctx-paths");
        Directory.CreateDirectory(Path.Combine(ctx, "tree", "sub"));
        File.WriteAllText(Path.Combine(ctx, "f.txt"), "payload\n");
        File.WriteAllText(Path.Combine(ctx, "tree", "sub", "g.txt"), "deep\n");
        File.WriteAllText(Path.Combine(ctx, "Dockerfile"), """
            FROM busybox AS source
            RUN mkdir -p /out/dir && echo from-stage > /out/file && echo in-dir > /out/dir/x
            FROM busybox
            RUN mkdir -p /real /owned/inner /gone/old /opaque && ln -s /real /link && echo old > /gone/old/file \
                && echo hidden > /opaque/hidden && chown 1234:2345 /owned && chmod 0750 /owned
            RUN rm -rf /gone/old && rm -rf /opaque && mkdir /opaque
            COPY f.txt /link/
            COPY f.txt /owned/inner/new/
            COPY tree /gone/old/
            COPY f.txt /opaque/
            WORKDIR /link/wd
            WORKDIR /owned/made/here
            COPY --from=source /out/file /copied/file
            COPY --from=source /out/dir /copied/dir
            CMD ["sh", "-c", "cat /real/f.txt /owned/inner/new/f.txt /gone/old/sub/g.txt /copied/file /copied/dir/x; ls -A /gone/old; ls -A /opaque; stat -c '%u:%g %a' /owned; test -d /real/wd && test -L /link && echo symlink-kept"]
            """);

        (await _daemon.RunCliAsync(["build", "-q", "-t", "paths:1", ctx])).EnsureSuccess();
        var lines = (await _daemon.RunCliAsync(["run", "--rm", "paths:1"])).EnsureSuccess().Lines;

        Assert.Equal(
            ["payload", "payload", "deep", "from-stage", "in-dir", "sub", "f.txt", "1234:2345 750", "symlink-kept"],
            lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList());
    }
}
