using Xunit;

namespace Berth.Cli.Tests.Volumes;

public class DfCommandTests
{
    // Two images (one used), two containers (one running), two volumes (one referenced).
    private static readonly string s_usage = $$$"""
        {"LayersSize":4262200,
         "Images":[
           {"Id":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","RepoTags":["busybox:latest","busybox:1.36"],"RepoDigests":["busybox@sha256:feed"],"Created":{{{CliRunner.Now.ToUnixTimeSeconds() - 7200}}},"Size":4261000,"SharedSize":0,"Containers":1},
           {"Id":"sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210","RepoTags":[],"RepoDigests":[],"Created":{{{CliRunner.Now.ToUnixTimeSeconds() - 7200}}},"Size":1200,"SharedSize":0,"Containers":0}],
         "Containers":[
           {"Id":"aaaaaaaaaaaa1111","Names":["/web"],"Image":"busybox","Command":"sh","Created":{{{CliRunner.Now.ToUnixTimeSeconds() - 60}}},"State":"running","Status":"Up 1 minute","SizeRw":100,"SizeRootFs":4261100,"Mounts":[{"Type":"volume","Name":"data","Driver":"local"}]},
           {"Id":"bbbbbbbbbbbb2222","Names":["/old"],"Image":"busybox","Command":"true","Created":{{{CliRunner.Now.ToUnixTimeSeconds() - 60}}},"State":"exited","Status":"Exited (0) 1 second ago","SizeRw":50,"SizeRootFs":4261050,"Mounts":[]}],
         "Volumes":[
           {"Driver":"local","Labels":{},"Mountpoint":"/v/data/_data","Name":"data","Options":{},"Scope":"local","UsageData":{"Size":2048,"RefCount":1}},
           {"Driver":"local","Labels":{},"Mountpoint":"/v/anon/_data","Name":"anon","Options":{},"Scope":"local","UsageData":{"Size":1000,"RefCount":0}}],
         "BuildCache":[]}
        """;

    [Fact]
    public async Task SummaryTable()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_usage));
        var result = await CliRunner.RunAsync(engine.Host, ["system", "df"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n" +
            "Images          2         1         4.262MB   1.2kB (0%)\n" +
            "Containers      2         1         150B      50B (33%)\n" +
            "Local Volumes   2         1         3.048kB   1kB (32%)\n" +
            "Build Cache     0         0         0B        0B\n",
            result.Out);
        Assert.Equal(("GET", "/v1.51/system/df"), (engine.Requests[0].Method, engine.Requests[0].Target));
    }

    [Fact]
    public async Task SummaryJsonAndTemplate()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_usage));
        var json = await CliRunner.RunAsync(engine.Host, ["system", "df", "--format", "json"]);
        Assert.Equal("""{"Active":"1","Reclaimable":"1kB (32%)","Size":"3.048kB","TotalCount":"2","Type":"Local Volumes"}""", json.Out.Split('\n')[2]);

        var template = await CliRunner.RunAsync(engine.Host, ["system", "df", "--format", "{{.Type}}: {{.Size}}"]);
        Assert.Equal("Images: 4.262MB\nContainers: 150B\nLocal Volumes: 3.048kB\nBuild Cache: 0B\n", template.Out);
    }

    [Fact]
    public async Task VerboseSections()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_usage));
        var result = await CliRunner.RunAsync(engine.Host, ["system", "df", "-v"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "Images space usage:\n\n" +
            "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS\n" +
            "busybox      latest    0123456789ab   2 hours ago   4.26MB    0B            4.261MB       1\n" +
            "<none>       <none>    fedcba987654   2 hours ago   1.2kB     0B            1.2kB         0\n" +
            "\nContainers space usage:\n\n" +
            "CONTAINER ID   IMAGE     COMMAND   LOCAL VOLUMES   SIZE      CREATED              STATUS                    NAMES\n" +
            "aaaaaaaaaaaa   busybox   \"sh\"      1               100B      About a minute ago   Up 1 minute               web\n" +
            "bbbbbbbbbbbb   busybox   \"true\"    0               50B       About a minute ago   Exited (0) 1 second ago   old\n" +
            "\nLocal Volumes space usage:\n\n" +
            "VOLUME NAME   LINKS     SIZE\n" +
            "data          1         2.048kB\n" +
            "anon          0         1kB\n" +
            "\nBuild cache usage: 0B\n\n" +
            "CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n",
            result.Out);
    }
}
