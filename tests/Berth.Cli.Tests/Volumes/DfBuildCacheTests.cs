using Xunit;

namespace Berth.Cli.Tests.Volumes;

/// <summary>Build cache records in `system df`; expected text as docker CLI 28 printed it for the same response.</summary>
public class DfBuildCacheTests
{
    private static readonly string s_twoHoursAgo = CliRunner.Now.AddHours(-2).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.5'Z'", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string s_fiveMinutesAgo = CliRunner.Now.AddMinutes(-5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly string s_usage = $$"""
        {"LayersSize":0,"Images":[],"Containers":[],"Volumes":[],"BuildCache":[
        {"ID":"k3ymz0f1mh8ukyzq2e9wq4abc","Type":"regular","Description":"FROM busybox","InUse":false,"Shared":false,"Size":0,"CreatedAt":"{{s_twoHoursAgo}}","LastUsedAt":"{{s_fiveMinutesAgo}}","UsageCount":2},
        {"ID":"sha256:0123456789abcdef0123456789abcdef","Parents":["k3ymz0f1mh8ukyzq2e9wq4abc"],"Type":"regular","Description":"RUN echo hi > /f","InUse":false,"Shared":false,"Size":1234567,"CreatedAt":"{{s_fiveMinutesAgo}}","LastUsedAt":"{{s_fiveMinutesAgo}}","UsageCount":1},
        {"ID":"zzinuse","Type":"regular","Description":"COPY . /","InUse":true,"Shared":true,"Size":10,"CreatedAt":"{{s_twoHoursAgo}}","UsageCount":0}]}
        """;

    [Fact]
    public async Task SummaryCountsTheRecords()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_usage));
        var result = await CliRunner.RunAsync(engine.Host, ["system", "df"]);
        Assert.EndsWith("Build Cache     3         1         1.235MB   1.235MB\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerboseTableListsRecordsLeastRecentlyUsedFirst()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_usage));
        var result = await CliRunner.RunAsync(engine.Host, ["system", "df", "-v"]);
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith(
            "Build cache usage: 1.235MB\n\n" +
            "CACHE ID       CACHE TYPE   SIZE      CREATED         LAST USED       USAGE     SHARED\n" +
            "zzinuse*       regular      10B       2 hours ago                     0         true\n" +
            "k3ymz0f1mh8u   regular      0B        2 hours ago     5 minutes ago   2         false\n" +
            "0123456789ab   regular      1.23MB    5 minutes ago   5 minutes ago   1         false\n",
            result.Out);
    }

    [Fact]
    public async Task VerboseJsonKeepsFullIdsAndGoTimes()
    {
        await using var engine = new FakeEngine(_ => FakeResponse.Json(s_usage));
        var result = await CliRunner.RunAsync(engine.Host, ["system", "df", "-v", "--format", "{{json (index .BuildCache 2)}}"]);
        var fiveMinutesAgo = CliRunner.Now.AddMinutes(-5).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " +0000 UTC";
        Assert.Equal(
            $$"""{"CacheType":"regular","CreatedAt":"{{fiveMinutesAgo}}","CreatedSince":"5 minutes ago","Description":"RUN echo hi \u003e /f","ID":"sha256:0123456789abcdef0123456789abcdef","InUse":"false","LastUsedAt":"{{fiveMinutesAgo}}","LastUsedSince":"5 minutes ago","Parent":"","Shared":"false","Size":"1.23MB","UsageCount":"1"}""",
            result.Out);
    }
}
